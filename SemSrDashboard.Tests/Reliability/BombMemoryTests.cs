using System.Buffers.Binary;
using System.IO.Compression;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Reliability;

/// <summary>A real decompression bomb (a valid PNG of 20,000 × 20,000 black pixels, 400 MB decoded, well under
/// OpenCV's own limit) is refused without its pixels ever being allocated. Measured with the process's peak resident
/// memory (reset through /proc/self/clear_refs) and the managed bytes allocated; a legitimate 4,000 × 4,000 decode
/// in the same harness shows that both measures do see a decode.</summary>
[Collection(NonParallelCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // /proc
public sealed class BombMemoryTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void A_real_decompression_bomb_is_refused_from_its_header_without_allocating_its_pixels()
    {
        byte[] bomb = BlackPng(20_000, 20_000);
        byte[] control = BlackPng(8_000, 8_000);
        Assert.True(bomb.Length < 4 * MiB, $"bomb is {bomb.Length} bytes");

        var (bombAllocated, bombPeak) = Measure(() =>
        {
            var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Decode(bomb));
            Assert.Contains("too large", error.Message);
            Assert.Contains("20000×20000", error.Message);
        });
        var (controlAllocated, controlPeak) = Measure(() => Assert.Equal(8_000, ImageLoader.Decode(control).Image.Width));

        // The harness sees a decode of 64 MB of pixels (a managed copy, and OpenCV's native Mats), above the bomb's bound
        // even where freed pages are reused — so the bound below does detect a decode ...
        Assert.True(controlAllocated >= 64_000_000, $"control allocated {controlAllocated} bytes");
        Assert.True(controlPeak >= 32 * MiB, $"control raised the peak by {controlPeak} bytes");
        // ... and nothing of the kind for the bomb, whose pixels alone would be 400 MB.
        Assert.True(bombAllocated < 4 * MiB, $"bomb allocated {bombAllocated} bytes");
        Assert.True(bombPeak < 32 * MiB, $"bomb raised the peak by {bombPeak} bytes");
    }

    /// <summary>Managed bytes allocated by <paramref name="action"/>, and how far it raised the resident peak above
    /// the resident size it started from.</summary>
    private static (long Allocated, long Peak) Measure(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5"); // resets VmHWM to the current resident size
        long residentBefore = StatusKiB("VmRSS") * 1024;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        action();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return (allocated, StatusKiB("VmHWM") * 1024 - residentBefore);
    }

    private static long StatusKiB(string field)
    {
        string line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A valid 8-bit grey PNG of zeros: one IDAT holding the deflated rows (filter byte 0, then zeros).</summary>
    private static byte[] BlackPng(int width, int height)
    {
        var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            byte[] row = new byte[width + 1];
            for (int y = 0; y < height; y++)
                zlib.Write(row);
        }
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), compression, filter and interlace 0
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
