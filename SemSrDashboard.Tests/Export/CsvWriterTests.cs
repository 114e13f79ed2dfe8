using SemSrDashboard.Engine.Export;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Export;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    [InlineData(0.1, "0.1")]
    [InlineData(-1234567.5, "-1234567.5")]
    [InlineData(1e-20, "1E-20")]
    [InlineData(31.0, "31")]
    public void NumbersAreWrittenInvariantAndRoundTrip(double? value, string text)
    {
        Assert.Equal(text, CsvFields.Number(value));
        Assert.Equal(value, CsvFields.ParseNumber(text));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("plain/file.png", "plain/file.png")]
    [InlineData("a,b.png", "\"a,b.png\"")]
    [InlineData("say \"hi\".png", "\"say \"\"hi\"\".png\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("Größe µm/#3 50%.tif", "Größe µm/#3 50%.tif")]
    public void TextIsQuotedOnlyWhenNeeded(string? value, string text) => Assert.Equal(text, CsvFields.Text(value));

    [Fact]
    public void TheLongCsvHasOneRowPerResultWithTheDocumentedHeader()
    {
        var image = new StoredImage { Id = 1, RunId = 1, Category = "Cat, A", RelativePath = "Cat, A/x.png", Width = 64, Height = 48, InfoBarRows = 12 };
        var ok = new StoredResult { Method = "bicubic", Psnr = double.PositiveInfinity, Ssim = 1, SsimSkimage = 0.5, Status = "ok" };
        var failed = new StoredResult { Method = "bilinear", Status = "failed", Error = "image too small: 28×48 px after cropping, at least 32×32 needed at scale 4" };
        var writer = new StringWriter();

        LongCsvWriter.Write(writer, [(image, ok), (image, failed)]);

        Assert.Equal(
            "category,file,width,height,method,psnr,ssim,ssim_skimage,status,error,info_bar_rows,ms_ssim,gmsd,lr_psnr,detail_corr,detail_ratio\n" +
            "\"Cat, A\",\"Cat, A/x.png\",64,48,bicubic,inf,1,0.5,ok,,12,,,,,\n" +
            "\"Cat, A\",\"Cat, A/x.png\",64,48,bilinear,,,,failed,\"image too small: 28×48 px after cropping, at least 32×32 needed at scale 4\",12,,,,,\n",
            writer.ToString());
    }

    [Fact]
    public void TheFidelityColumnsFollowTheExistingOnesInTheirOrderAndStayEmptyWhenNotComputed()
    {
        var image = new StoredImage { Id = 1, RunId = 1, Category = "C", RelativePath = "C/x.png", Width = 64, Height = 48, InfoBarRows = 0 };
        var all = new StoredResult
        {
            Method = "bicubic", Psnr = 30, Ssim = 0.5, SsimSkimage = 0.25, Status = "ok",
            MsSsim = 0.875, Gmsd = 0.125, LrPsnr = 45.5, DetailCorr = double.NaN, DetailRatio = 0.0625,
        };
        var subset = new StoredResult { Method = "bilinear", Psnr = 29, Ssim = 0.5, SsimSkimage = 0.25, Status = "ok", Gmsd = 0.25 };
        var writer = new StringWriter();

        LongCsvWriter.Write(writer, [(image, all), (image, subset)]);

        string[] lines = writer.ToString().Split('\n');
        Assert.EndsWith(",info_bar_rows,ms_ssim,gmsd,lr_psnr,detail_corr,detail_ratio", lines[0]);
        Assert.Equal("C,C/x.png,64,48,bicubic,30,0.5,0.25,ok,,0,0.875,0.125,45.5,nan,0.0625", lines[1]);
        Assert.Equal("C,C/x.png,64,48,bilinear,29,0.5,0.25,ok,,0,,0.25,,,", lines[2]);
    }

    [Fact]
    public void TheSeedCsvLeavesMissingMethodsEmpty()
    {
        var a = new StoredImage { Id = 1, Category = "C", RelativePath = "C/a.png" };
        var b = new StoredImage { Id = 2, Category = "C", RelativePath = "C/b.png" };
        var writer = new StringWriter();

        SeedCsvWriter.Write(writer,
        [
            (a, new StoredResult { Method = "bicubic", Psnr = 25.5, Ssim = 0.625, Status = "ok" }),
            (a, new StoredResult { Method = "model", Psnr = 27, Ssim = 0.75, Status = "ok" }),
            (b, new StoredResult { Method = "model", Psnr = 20, Ssim = 0.5, Status = "ok" }),
        ], "model");

        Assert.Equal("sem_file,dlnr_psnr,dlnr_ssim,bicubic_psnr,bicubic_ssim\nC/a.png,27,0.75,25.5,0.625\nC/b.png,20,0.5,,\n", writer.ToString());
    }
}
