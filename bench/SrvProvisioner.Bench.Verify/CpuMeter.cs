using System.Globalization;
using System.Runtime.InteropServices;

namespace SrvProvisioner.Bench.Verify;

/// <summary>
/// CPU accounting around one child run: the CPU time of reaped child processes
/// (getrusage(RUSAGE_CHILDREN), so the srvprov run once it has exited) and how busy the whole
/// machine was (/proc/stat), to tell "srvprov needs more CPU" from "srvprov waits".
/// </summary>
internal static partial class CpuMeter
{
    private const int RusageChildren = -1;

    public static TimeSpan ChildrenCpu()
    {
        if (GetRusage(RusageChildren, out var usage) != 0)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromMicroseconds((usage.UserSec + usage.SysSec) * 1_000_000.0 + usage.UserUsec + usage.SysUsec);
    }

    /// <summary>Busy and total jiffies of all CPUs (first line of /proc/stat).</summary>
    public static (long Busy, long Total) MachineJiffies()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Rusage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSec;
        public long UserUsec;
        public long SysSec;
        public long SysUsec;
        public long Maxrss;
        public long Ixrss;
        public long Idrss;
        public long Isrss;
        public long Minflt;
        public long Majflt;
        public long Nswap;
        public long Inblock;
        public long Oublock;
        public long Msgsnd;
        public long Msgrcv;
        public long Nsignals;
        public long Nvcsw;
        public long Nivcsw;
    }
}
