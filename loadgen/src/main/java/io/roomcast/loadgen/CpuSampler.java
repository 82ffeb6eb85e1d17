package io.roomcast.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of chosen processes and of the whole machine, sampled at the start and the end of the
 * measured window, reported as cores used: CPU seconds / wall seconds (1.0 = one core busy all the
 * time). A process's CPU time is user + system time of all its threads ({@code /proc/<pid>/stat}
 * fields utime and stime, read through {@link ProcessHandle.Info#totalCpuDuration()}, 10 ms
 * resolution); the machine's busy time is {@code /proc/stat}'s first line minus idle and iowait
 * (proc(5)), times the number of {@code cpuN} lines there. The load generator itself is always sampled as {@code loadgen}.
 */
public final class CpuSampler {
    /** One sample: CPU time per process in ns, machine busy and total jiffies, wall time in ns. */
    public record Sample(Map<String, Long> cpuNanos, long machineBusy, long machineTotal, int machineCpus, long wallNanos) {}

    private final Map<String, Long> pids = new LinkedHashMap<>();

    /** @param watched name -> pid of processes to sample besides this JVM */
    public CpuSampler(Map<String, Long> watched) {
        pids.putAll(watched);
        pids.put("loadgen", ProcessHandle.current().pid());
    }

    /** @return CPU times now; a process that is gone or unreadable is left out */
    public Sample sample() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ProcessHandle.of(pid)
            .flatMap(h -> h.info().totalCpuDuration())
            .ifPresent(d -> cpu.put(name, d.toNanos())));
        long busy = -1;
        long total = -1;
        int cpus = 0;
        try {
            var lines = Files.readAllLines(Path.of("/proc/stat"));
            cpus = (int) lines.stream().filter(l -> l.matches("cpu\\d+ .*")).count();
            String[] f = lines.getFirst().trim().split("\\s+");
            long sum = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                sum += Long.parseLong(f[i]);
            }
            total = sum;
            busy = sum - Long.parseLong(f[4]) - Long.parseLong(f[5]);
        } catch (IOException | RuntimeException e) {
            // not Linux: machine figures are left out
        }
        return new Sample(cpu, busy, total, cpus, System.nanoTime());
    }

    /**
     * @return {@code <name>_cpu_cores} per process, {@code machine_cpu_busy_cores} (all processes,
     *     this benchmark's and anyone else's) and {@code other_cpu_cores} (machine minus the watched
     *     processes: noise from other work on a shared machine), each rounded to 0.01 core
     */
    public static Map<String, Double> coresUsed(Sample from, Sample to) {
        Map<String, Double> cores = new LinkedHashMap<>();
        double wall = to.wallNanos() - from.wallNanos();
        double watched = 0;
        for (var e : to.cpuNanos().entrySet()) {
            Long before = from.cpuNanos().get(e.getKey());
            if (before != null) {
                double used = (e.getValue() - before) / wall;
                watched += used;
                cores.put(e.getKey() + "_cpu_cores", round(used));
            }
        }
        if (from.machineTotal() > 0 && to.machineTotal() > from.machineTotal()) {
            double share = (double) (to.machineBusy() - from.machineBusy()) / (to.machineTotal() - from.machineTotal());
            double machine = share * to.machineCpus();
            cores.put("machine_cpu_busy_cores", round(machine));
            cores.put("other_cpu_cores", round(Math.max(0, machine - watched)));
        }
        return cores;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
