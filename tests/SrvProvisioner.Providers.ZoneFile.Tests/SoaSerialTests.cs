using SrvProvisioner.Providers.ZoneFile.MasterFile;

namespace SrvProvisioner.Providers.ZoneFile.Tests;

public sealed class SoaSerialTests
{
    [Theory]
    [InlineData(2020010105u, "2026-11-25", 2026112500u)]
    [InlineData(2026112500u, "2026-11-25", 2026112501u)]
    [InlineData(2026112599u, "2026-11-25", 2026112600u)]
    [InlineData(2030010100u, "2026-11-25", 2030010101u)]
    [InlineData(7u, "2026-11-25", 8u)]
    [InlineData(4294967295u, "2026-11-25", 0u)]
    public void Next_FollowsDateConvention_OrCountsUp(uint current, string today, uint expected) =>
        SoaSerial.Next(current, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
}
