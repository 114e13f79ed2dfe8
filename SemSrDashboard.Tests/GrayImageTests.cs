using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests;

public class GrayImageTests
{
    [Fact]
    public void Rejects_pixel_buffer_of_wrong_size()
    {
        Assert.Throws<ArgumentException>(() => new GrayImage(3, 2, new byte[5]));
    }
}
