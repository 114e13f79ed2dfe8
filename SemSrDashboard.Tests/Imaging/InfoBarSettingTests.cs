using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Imaging;

public class InfoBarSettingTests
{
    [Theory]
    [InlineData("auto", InfoBarMode.Auto, 0)]
    [InlineData(" AUTO ", InfoBarMode.Auto, 0)]
    [InlineData("none", InfoBarMode.None, 0)]
    [InlineData("None", InfoBarMode.None, 0)]
    [InlineData("70", InfoBarMode.Fixed, 70)]
    [InlineData("0", InfoBarMode.Fixed, 0)]
    public void Parses_auto_none_and_row_counts(string text, InfoBarMode mode, int rows)
    {
        var setting = InfoBarSetting.Parse(text);

        Assert.Equal(mode, setting.Mode);
        Assert.Equal(rows, setting.Rows);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-3")]
    [InlineData("+3")]
    [InlineData("3.5")]
    [InlineData("lots")]
    [InlineData("99999999999")]
    public void Rejects_other_text(string? text)
    {
        Assert.False(InfoBarSetting.TryParse(text, out _));
        Assert.Throws<FormatException>(() => InfoBarSetting.Parse(text));
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("none")]
    [InlineData("42")]
    public void Round_trips_through_text(string text)
    {
        Assert.Equal(text, InfoBarSetting.Parse(text).ToString());
        Assert.Equal(InfoBarSetting.Parse(text), InfoBarSetting.Parse(InfoBarSetting.Parse(text).ToString()));
    }

    [Fact]
    public void None_removes_nothing_even_with_a_strip()
    {
        var image = Synthetic.Textured(512, 400, seed: 1);
        Synthetic.DrawStrip(image, top: 340, background: 0, ink: 255);

        Assert.Equal(0, InfoBarSetting.None.RowsToRemove(image));
        Assert.Equal(400, InfoBarSetting.None.Apply(image).Height);
    }

    [Fact]
    public void Auto_uses_the_detector()
    {
        var image = Synthetic.Textured(512, 400, seed: 1);
        Synthetic.DrawStrip(image, top: 340, background: 0, ink: 255);

        Assert.Equal(60, InfoBarSetting.Auto.RowsToRemove(image));
        var cropped = InfoBarSetting.Auto.Apply(image);
        Assert.Equal(340, cropped.Height);
        Assert.Equal(image.Pixels.AsSpan(0, 340 * 512).ToArray(), cropped.Pixels);
    }

    [Fact]
    public void Fixed_removes_exactly_that_many_rows()
    {
        var image = Synthetic.Textured(64, 50, seed: 2);

        Assert.Equal(7, InfoBarSetting.Fixed(7).RowsToRemove(image));
        Assert.Equal(43, InfoBarSetting.Fixed(7).Apply(image).Height);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(51)]
    public void Fixed_at_least_image_height_is_an_error(int rows)
    {
        var image = Synthetic.Textured(64, 50, seed: 3);

        var e = Assert.Throws<InfoBarException>(() => InfoBarSetting.Fixed(rows).RowsToRemove(image));
        Assert.Contains("50", e.Message);
        Assert.Throws<InfoBarException>(() => InfoBarSetting.Fixed(rows).Apply(image));
    }

    [Fact]
    public void Fixed_rejects_negative_rows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InfoBarSetting.Fixed(-1));
    }
}
