package dev.stargzdownloader.wholeimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemCpuTest {
  @TempDir Path temp;

  @Test
  void parse_countsIdleAndIowaitAsIdle_andTheRestAsBusy() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    assertArrayEquals(
        new long[] {100 + 5 + 50 + 3 + 2 + 1, 100 + 5 + 50 + 800 + 40 + 3 + 2 + 1},
        SystemCpu.parse("cpu  100 5 50 800 40 3 2 1 7 0"));
  }

  @Test
  void parse_refusesOtherLines() {
    assertNull(SystemCpu.parse("cpu0 1 2 3 4 5"));
    assertNull(SystemCpu.parse("cpu 1 2"));
    assertNull(SystemCpu.parse("cpu 1 2 x 4 5"));
  }

  @Test
  void busyShare_isTheBusyTicksOfTheTicksSinceTheLastCall() throws Exception {
    Path stat = temp.resolve("stat");
    SystemCpu cpu = new SystemCpu(stat);
    Files.writeString(stat, "cpu 100 0 100 800 0 0 0 0\ncpu0 1 1 1 1\n");
    assertTrue(Double.isNaN(cpu.getAsDouble()), "nothing to compare the first reading with");
    Files.writeString(stat, "cpu 190 0 100 810 0 0 0 0\ncpu0 1 1 1 1\n");
    assertEquals(0.9, cpu.getAsDouble(), 1e-9);
    Files.writeString(stat, "cpu 190 0 100 910 0 0 0 0\n");
    assertEquals(0.0, cpu.getAsDouble(), 1e-9);
  }

  @Test
  void unreadableCounters_areUnknown() {
    SystemCpu cpu = new SystemCpu(temp.resolve("missing"));
    assertTrue(Double.isNaN(cpu.getAsDouble()));
    assertTrue(Double.isNaN(cpu.getAsDouble()));
  }

  @Test
  void theRealCounters_giveAShareBetweenZeroAndOne() throws Exception {
    SystemCpu cpu = new SystemCpu();
    cpu.getAsDouble();
    Thread.sleep(50);
    double share = cpu.getAsDouble();
    // Off Linux the share is unknown; on Linux it is a fraction.
    assertTrue(Double.isNaN(share) || (share >= 0 && share <= 1), "share " + share);
  }
}
