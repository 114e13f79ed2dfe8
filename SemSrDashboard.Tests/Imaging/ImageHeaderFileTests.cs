using System.Buffers.Binary;
using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Imaging;

/// <summary>Sizes read from files without reading them whole: the same answer as from the whole file, also when the
/// size lies far from the start.</summary>
public sealed class ImageHeaderFileTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-header-test-").FullName;

    [Fact]
    public void Every_demo_image_gives_the_size_of_its_whole_file()
    {
        var files = Directory.GetFiles(RepositoryPaths.DemoData, "*.png", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (string file in files)
            Assert.Equal(ImageHeader.ReadSize(File.ReadAllBytes(file)), ImageHeader.ReadSize(file));
    }

    [Fact]
    public void A_tiff_whose_directory_follows_the_pixels_is_sized_from_that_directory()
    {
        using var noise = new Mat(300, 200, MatType.CV_8UC1);
        Cv2.Randu(noise, 0, 256);
        Cv2.ImEncode(".tif", noise, out byte[] tiff);
        // Precondition: the first directory lies beyond the first 4 KiB, so it cannot come from the prefix.
        Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4)) > 4096);

        Assert.Equal((200L, 300L), ImageHeader.ReadSize(Write("noise.tif", tiff)));
    }

    [Fact]
    public void A_big_endian_tiff_directory_far_into_the_file_is_read()
    {
        const int offset = 100_000;
        var tiff = new byte[offset + 2 + 2 * 12 + 4];
        "MM\0*"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), offset);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(offset), 2);
        Entry(tiff.AsSpan(offset + 2), tag: 256, type: 3, value: 640); // width, SHORT
        Entry(tiff.AsSpan(offset + 14), tag: 257, type: 4, value: 480); // height, LONG

        Assert.Equal((640L, 480L), ImageHeader.ReadSize(Write("far.tif", tiff)));

        static void Entry(Span<byte> at, ushort tag, ushort type, uint value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(at, tag);
            BinaryPrimitives.WriteUInt16BigEndian(at[2..], type);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], 1);
            if (type == 3)
                BinaryPrimitives.WriteUInt16BigEndian(at[8..], (ushort)value);
            else
                BinaryPrimitives.WriteUInt32BigEndian(at[8..], value);
        }
    }

    [Fact]
    public void A_jpeg_whose_frame_header_follows_large_metadata_is_sized()
    {
        using var image = new Mat(48, 80, MatType.CV_8UC1, Scalar.All(128));
        Cv2.ImEncode(".jpg", image, out byte[] jpeg);
        // Five 60 KB application segments between the start marker and the rest of the file.
        var padded = new List<byte> { 0xFF, 0xD8 };
        for (int i = 0; i < 5; i++)
        {
            padded.AddRange([0xFF, 0xEF, 60_000 >> 8, 60_000 & 0xFF]);
            padded.AddRange(new byte[60_000 - 2]);
        }
        padded.AddRange(jpeg.Skip(2));

        Assert.Equal((80L, 48L), ImageHeader.ReadSize(Write("metadata.jpg", [.. padded])));
    }

    [Fact]
    public void An_empty_or_unknown_file_has_no_size()
    {
        Assert.Null(ImageHeader.ReadSize(Write("empty.png", [])));
        Assert.Null(ImageHeader.ReadSize(Write("text.png", "not an image"u8.ToArray())));
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_work, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
