// Manual check of InfoBarDetector on the real sample images (not part of the solution or the test run).
//   dotnet run --project tools/InfoBarCheck -- check  [/work/shared/sem-sample]   file, expected, detected per image
//   dotnet run --project tools/InfoBarCheck -- stress [root]                      JPEG-75 and half-size variants
//   dotnet run --project tools/InfoBarCheck -- dump   root fileSubstring [rows]   per-row statistics of the bottom
//   dotnet run --project tools/InfoBarCheck -- crop   root fileSubstring rows out.png   bottom crop as 8-bit PNG
// Expected heights come from the info_bar_px column of SOURCES.tsv.
using SemSrDashboard.Engine.Imaging;

string root = args.Length > 1 ? args[1] : "/work/shared/sem-sample";
string mode = args.Length > 0 ? args[0] : "check";
var rows = File.ReadAllLines(Path.Combine(root, "SOURCES.tsv")).Skip(1)
    .Select(l => l.Split('\t')).Select(c => (Cat: c[0], File: c[1], Px: int.Parse(c[11]))).ToList();
if (mode == "dump")
{
    foreach (var r in rows)
    {
        if (args.Length > 2 && !r.File.Contains(args[2])) continue;
        var img = ImageLoader.Load(Path.Combine(root, r.Cat, r.File)).Image;
        Console.WriteLine($"== {r.File} {img.Width}x{img.Height} truth={r.Px}");
        int n = Math.Min(img.Height, args.Length > 3 ? int.Parse(args[3]) : 130);
        for (int y = img.Height - n; y < img.Height; y++)
        {
            var row = img.Row(y);
            double s = 0, s2 = 0; int dark = 0, bright = 0; double grad = 0, vgrad = 0; int fh = 0, fv = 0;
            for (int x = 0; x < row.Length; x++)
            {
                s += row[x]; s2 += row[x] * (double)row[x];
                if (row[x] < 20) dark++;
                if (row[x] > 235) bright++;
                if (x > 0) { grad += Math.Abs(row[x] - row[x - 1]); if (row[x] == row[x - 1]) fh++; }
                if (y > 0) { vgrad += Math.Abs(row[x] - img[x, y - 1]); if (row[x] == img[x, y - 1]) fv++; }
            }
            double m = s / row.Length, sd = Math.Sqrt(Math.Max(0, s2 / row.Length - m * m));
            Console.WriteLine($"{img.Height - y,4} y={y,5} mean={m,6:F1} sd={sd,6:F1} dark={dark * 100.0 / row.Length,5:F1} bright={bright * 100.0 / row.Length,5:F1} hgrad={grad / row.Length,6:F2} vgrad={vgrad / row.Length,6:F2} fh={fh * 100.0 / row.Length,5:F1} fv={fv * 100.0 / row.Length,5:F1}");
        }
    }
    return 0;
}
if (mode == "crop")
{
    // crop <root> <fileSubstring> <bottomRows> <outPath> [scaleForViewing]
    var r = rows.First(r => r.File.Contains(args[2]));
    var img = ImageLoader.Load(Path.Combine(root, r.Cat, r.File)).Image;
    int n = Math.Min(int.Parse(args[3]), img.Height);
    var px = new byte[img.Width * n];
    Array.Copy(img.Pixels, (img.Height - n) * img.Width, px, 0, px.Length);
    using var mat = ImageLoader.ToMat(new GrayImage(img.Width, n, px));
    OpenCvSharp.Cv2.ImWrite(args[4], mat);
    Console.WriteLine($"{r.File} -> {args[4]} {img.Width}x{n} truthInCrop={Math.Min(r.Px, n)}");
    return 0;
}
if (mode == "check")
{
    int ok = 0, fp = 0, miss = 0, maxDev = 0;
    Console.WriteLine("file\texpected\tdetected\tdeviation");
    foreach (var r in rows)
    {
        var img = ImageLoader.Load(Path.Combine(root, r.Cat, r.File)).Image;
        int d = InfoBarDetector.Detect(img);
        int dev = Math.Abs(d - r.Px);
        bool good = r.Px == 0 ? d == 0 : dev <= 4;
        if (r.Px == 0 && d != 0) fp++;
        if (r.Px != 0) maxDev = Math.Max(maxDev, dev);
        if (r.Px != 0 && !good) miss++;
        if (good) ok++;
        Console.WriteLine($"{r.Cat}/{r.File}\t{r.Px}\t{d}\t{dev}{(good ? "" : "\tFAIL")}");
    }
    Console.WriteLine($"summary: {rows.Count} images, {ok} within tolerance, {rows.Count(r => r.Px > 0)} with a strip (max deviation {maxDev} rows, {miss} outside +-4), {fp} false positives on {rows.Count(r => r.Px == 0)} without");
    return Environment.ExitCode = ok == rows.Count ? 0 : 1;
}
if (mode == "stress")
{
    // Re-run on altered copies: JPEG quality 75, and half size (INTER_AREA). Not an acceptance test; shows how far
    // the thresholds carry beyond the sample as stored.
    foreach (var r in rows)
    {
        var img = ImageLoader.Load(Path.Combine(root, r.Cat, r.File)).Image;
        using var mat = ImageLoader.ToMat(img);
        OpenCvSharp.Cv2.ImEncode(".jpg", mat, out byte[] jpg, new OpenCvSharp.ImageEncodingParam(OpenCvSharp.ImwriteFlags.JpegQuality, 75));
        int dj = InfoBarDetector.Detect(ImageLoader.Decode(jpg).Image);
        using var half = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.Resize(mat, half, new OpenCvSharp.Size(img.Width / 2, img.Height / 2), 0, 0, OpenCvSharp.InterpolationFlags.Area);
        int dh = InfoBarDetector.Detect(ImageLoader.ToGrayImage(half));
        bool okJ = r.Px == 0 ? dj == 0 : Math.Abs(dj - r.Px) <= 4;
        bool okH = r.Px == 0 ? dh == 0 : Math.Abs(dh - r.Px / 2) <= 3;
        if (!okJ || !okH || r.Px > 0)
            Console.WriteLine($"{r.File}\t{r.Px}\tjpeg75={dj}{(okJ ? "" : " FAIL")}\thalf={dh} (want {r.Px / 2}){(okH ? "" : " FAIL")}");
    }
    return 0;
}
return 2;
