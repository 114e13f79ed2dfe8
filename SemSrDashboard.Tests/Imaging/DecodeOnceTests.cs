using System.Buffers.Binary;
using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Imaging;

/// <summary>A grey PNG or TIFF is decoded once: its unchanged decode gives the grey image (8-bit as it is, 16-bit by
/// its high byte). OpenCV's grayscale decode differs from the unchanged one in that conversion and where it turns the
/// image by an EXIF orientation; every case here must give exactly what OpenCV's grayscale decode gives.</summary>
public sealed class DecodeOnceTests
{
    [Theory]
    [InlineData(".png")]
    [InlineData(".tiff")]
    public void Sixteen_bit_grey_gives_exactly_what_OpenCV_grayscale_decoding_gives(string extension)
    {
        // Every 16-bit value's high and low byte vary (no multiple of 256): rounding instead of the high byte shows.
        using var mat = new Mat(37, 45, MatType.CV_16UC1); // 1665 samples: the vector loop and its scalar tail
        var random = new Random(7);
        for (int y = 0; y < 37; y++)
            for (int x = 0; x < 45; x++)
                mat.Set(y, x, (ushort)random.Next(65536));
        byte[] encoded = mat.ImEncode(extension);
        using (var unchanged = Cv2.ImDecode(encoded, ImreadModes.Unchanged))
            Assert.Equal(MatType.CV_16UC1, unchanged.Type());

        Assert.Equal(16, AssertDecodesAsOpenCvGrayscale(encoded).SourceBitDepth);
    }

    /// <summary>3 × 2 pixels, every value different, so any turn or flip shows.</summary>
    private static readonly byte[,] Pixels = { { 10, 20, 30 }, { 40, 50, 60 } };

    [Fact]
    public void A_grey_png_with_an_EXIF_orientation_decodes_as_OpenCV_grayscale_turns_it()
    {
        byte[] png = WithExifChunk(Encode(".png"));
        Assert.True(ImageHeader.PngHasExif(png));
        var loaded = AssertDecodesAsOpenCvGrayscale(png);
        Assert.Equal((2, 3), (loaded.Image.Width, loaded.Image.Height)); // OpenCV turns it: the case matters
    }

    [Fact]
    public void A_grey_png_without_EXIF_is_decoded_as_stored()
    {
        byte[] png = Encode(".png");
        Assert.False(ImageHeader.PngHasExif(png));
        Assert.Equal(Pixels.Cast<byte>().ToArray(), ImageLoader.Decode(png).Image.Pixels);
    }

    [Fact]
    public void A_grey_tiff_with_an_orientation_tag_decodes_as_OpenCV_grayscale_does()
    {
        AssertDecodesAsOpenCvGrayscale(TiffWithOrientation6());
    }

    [Fact]
    public void A_truncated_chunk_list_counts_as_one_that_may_hold_EXIF()
    {
        byte[] png = Encode(".png");
        Assert.True(ImageHeader.PngHasExif(png.AsSpan(0, 40)));
    }

    /// <summary>Decodes <paramref name="encoded"/> and checks the grey image against OpenCV's grayscale decode, size and
    /// every pixel.</summary>
    private static LoadedImage AssertDecodesAsOpenCvGrayscale(byte[] encoded)
    {
        using var opencvGrey = Cv2.ImDecode(encoded, ImreadModes.Grayscale);
        var loaded = ImageLoader.Decode(encoded);
        Assert.Equal((opencvGrey.Width, opencvGrey.Height), (loaded.Image.Width, loaded.Image.Height));
        Assert.Equal(ImageLoader.ToGrayImage(opencvGrey).Pixels, loaded.Image.Pixels);
        return loaded;
    }

    private static byte[] Encode(string extension)
    {
        using var mat = new Mat(2, 3, MatType.CV_8UC1);
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 3; x++)
                mat.Set(y, x, Pixels[y, x]);
        return mat.ImEncode(extension);
    }

    /// <summary>The PNG with an <c>eXIf</c> chunk (orientation 6) right after its IHDR chunk.</summary>
    private static byte[] WithExifChunk(byte[] png)
    {
        byte[] exif = BigEndianExifWithOrientation6();
        var chunk = new byte[12 + exif.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)exif.Length);
        "eXIf"u8.CopyTo(chunk.AsSpan(4));
        exif.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + exif.Length), Crc32(chunk.AsSpan(4, 4 + exif.Length)));
        const int afterIhdr = 8 + 12 + 13;
        return [.. png.AsSpan(0, afterIhdr), .. chunk, .. png.AsSpan(afterIhdr)];
    }

    /// <summary>A big-endian TIFF header and one directory holding Orientation (274) = 6.</summary>
    private static byte[] BigEndianExifWithOrientation6()
    {
        var exif = new byte[8 + 2 + 12 + 4];
        "MM\0*"u8.CopyTo(exif);
        BinaryPrimitives.WriteUInt32BigEndian(exif.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16BigEndian(exif.AsSpan(8), 1);
        WriteEntry(exif.AsSpan(10), tag: 274, type: 3, value: 6, littleEndian: false);
        return exif;
    }

    /// <summary>An uncompressed little-endian 8-bit grey TIFF of <see cref="Pixels"/>, one strip, Orientation 6.</summary>
    private static byte[] TiffWithOrientation6()
    {
        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 3, 3), (257, 3, 2), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 0 /* set below */), (274, 3, 6),
            (277, 3, 1), (278, 3, 2), (279, 4, 6),
        ];
        int directory = 8, pixels = directory + 2 + 12 * entries.Length + 4;
        var tiff = new byte[pixels + 6];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), (uint)directory);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(directory), (ushort)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            var (tag, type, value) = entries[i];
            WriteEntry(tiff.AsSpan(directory + 2 + 12 * i), tag, type, tag == 273 ? (uint)pixels : value, littleEndian: true);
        }
        Pixels.Cast<byte>().ToArray().CopyTo(tiff, pixels);
        return tiff;
    }

    private static void WriteEntry(Span<byte> entry, ushort tag, ushort type, uint value, bool littleEndian)
    {
        if (littleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 1);
            if (type == 3) BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], (ushort)value);
            else BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(entry, tag);
            BinaryPrimitives.WriteUInt16BigEndian(entry[2..], type);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], 1);
            if (type == 3) BinaryPrimitives.WriteUInt16BigEndian(entry[8..], (ushort)value);
            else BinaryPrimitives.WriteUInt32BigEndian(entry[8..], value);
        }
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) of a chunk's type and data.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
