using System.Buffers.Binary;

namespace SemSrDashboard.Engine.Imaging;

/// <summary>Reads an image's width and height from its header without decoding it, so a file that claims to be
/// enormous (a decompression bomb) is refused before any pixel memory is allocated. PNG (IHDR), JPEG (SOFn),
/// TIFF (first IFD, tags 256/257) and BMP (BITMAPINFOHEADER) are understood; other data gives null.</summary>
public static class ImageHeader
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static (long Width, long Height)? ReadSize(ReadOnlySpan<byte> data)
    {
        try
        {
            if (data.Length >= 24 && IsPng(data))
                return (BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
            if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8)
                return Jpeg(data);
            if (IsTiff(data))
                return Tiff(data, littleEndian: data[0] == (byte)'I');
            if (data.Length >= 26 && data[0] == (byte)'B' && data[1] == (byte)'M')
                return (Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[18..])), Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..])));
        }
        catch (ArgumentOutOfRangeException)
        {
            // a truncated header: let the decoder report the file as corrupt
        }
        return null;
    }

    public static bool IsPng(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(PngSignature);

    public static bool IsTiff(ReadOnlySpan<byte> data) =>
        data.Length >= 8 && (data[..4].SequenceEqual("II*\0"u8) || data[..4].SequenceEqual("MM\0*"u8));

    /// <summary>Whether a PNG holds an <c>eXIf</c> chunk (EXIF data, where an orientation may be written), found by
    /// walking the chunk headers; a truncated or malformed chunk list counts as one that may hold it.</summary>
    public static bool PngHasExif(ReadOnlySpan<byte> png)
    {
        long position = 8;
        while (position + 8 <= png.Length)
        {
            var chunk = png[(int)position..];
            uint length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            var type = chunk.Slice(4, 4);
            if (type.SequenceEqual("eXIf"u8))
                return true;
            if (type.SequenceEqual("IEND"u8))
                return false;
            position += 12L + length;
        }
        return true;
    }

    /// <summary>The size of the image in the file at <paramref name="path"/>, reading only what the header needs:
    /// its first 4 KiB, a TIFF's first directory wherever it lies, and more of a JPEG only when large metadata
    /// segments come before its frame header. Sizing a whole folder so does not read its pixels.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static (long Width, long Height)? ReadSize(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
        byte[] prefix = ReadAt(file, 0, 4096);
        if (ReadSize(prefix) is { } size)
            return size;
        if (prefix.Length >= 8 && (prefix.AsSpan(0, 4).SequenceEqual("II*\0"u8) || prefix.AsSpan(0, 4).SequenceEqual("MM\0*"u8)))
            return TiffDirectory(file, prefix);
        if (prefix.Length >= 4 && prefix[0] == 0xFF && prefix[1] == 0xD8)
        {
            foreach (long length in new[] { 256L * 1024, file.Length })
                if (length > prefix.Length && ReadSize(prefix = ReadAt(file, 0, (int)Math.Min(length, Array.MaxLength))) is { } jpeg)
                    return jpeg;
        }
        return null;
    }

    /// <summary>A TIFF whose first directory lies beyond the prefix (libtiff writes it after the pixel data): that
    /// directory is read alone and parsed behind a copy of the header that points right after itself.</summary>
    private static (long, long)? TiffDirectory(FileStream file, byte[] prefix)
    {
        bool littleEndian = prefix[0] == (byte)'I';
        long offset = U32(prefix, 4, littleEndian);
        byte[] count = ReadAt(file, offset, 2);
        if (count.Length < 2)
            return null;
        byte[] directory = ReadAt(file, offset, 2 + 12 * U16(count, 0, littleEndian));
        var rebased = new byte[8 + directory.Length];
        prefix.AsSpan(0, 4).CopyTo(rebased);
        if (littleEndian)
            BinaryPrimitives.WriteUInt32LittleEndian(rebased.AsSpan(4), 8);
        else
            BinaryPrimitives.WriteUInt32BigEndian(rebased.AsSpan(4), 8);
        directory.CopyTo(rebased, 8);
        return ReadSize(rebased);
    }

    private static byte[] ReadAt(FileStream file, long offset, int count)
    {
        if (offset >= file.Length)
            return [];
        var buffer = new byte[(int)Math.Min(count, file.Length - offset)];
        file.Position = offset;
        int read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    private static (long, long)? Jpeg(ReadOnlySpan<byte> data)
    {
        int i = 2;
        while (i + 9 < data.Length)
        {
            if (data[i] != 0xFF) { i++; continue; }
            byte marker = data[i + 1];
            if (marker is 0xD8 or 0x01 or >= 0xD0 and <= 0xD7 or 0xFF) { i += marker == 0xFF ? 1 : 2; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return (BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]));
            i += 2 + length;
        }
        return null;
    }

    private static (long, long)? Tiff(ReadOnlySpan<byte> data, bool littleEndian)
    {
        long ifd = U32(data, 4, littleEndian);
        if (ifd <= 0 || ifd + 2 > data.Length)
            return null;
        int entries = U16(data, (int)ifd, littleEndian);
        long? width = null, height = null;
        for (int e = 0; e < entries; e++)
        {
            int at = (int)ifd + 2 + 12 * e;
            ushort tag = U16(data, at, littleEndian), type = U16(data, at + 2, littleEndian);
            long value = type == 3 ? U16(data, at + 8, littleEndian) : U32(data, at + 8, littleEndian); // SHORT or LONG
            if (tag == 256) width = value;
            else if (tag == 257) height = value;
        }
        return width is long w && height is long h ? (w, h) : null;
    }

    private static uint U32(ReadOnlySpan<byte> data, int at, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);

    private static ushort U16(ReadOnlySpan<byte> data, int at, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
}
