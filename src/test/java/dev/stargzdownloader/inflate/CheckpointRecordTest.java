package dev.stargzdownloader.inflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The checkpoint record refuses impossible fields, keeps its window to itself, compares by value.
 */
class CheckpointRecordTest {
  private static final Checkpoint.Kind BLOCK = Checkpoint.Kind.BLOCK_BOUNDARY;
  private static final Checkpoint.Kind MEMBER = Checkpoint.Kind.MEMBER_START;

  @Test
  void refusesImpossibleFields() {
    byte[] none = new byte[0];
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(BLOCK, -1, 0, 0, none));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(BLOCK, 5, 0, -1, none));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(BLOCK, 5, 8, 0, none));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(BLOCK, 5, -1, 0, none));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(BLOCK, 0, 3, 0, none));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Checkpoint(BLOCK, 5, 0, 1 << 20, new byte[32769]));
    assertThrows(
        IllegalArgumentException.class, () -> new Checkpoint(BLOCK, 5, 0, 9, new byte[10]));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(MEMBER, 5, 1, 10, none));
    assertThrows(
        IllegalArgumentException.class, () -> new Checkpoint(MEMBER, 5, 0, 10, new byte[1]));
    assertThrows(NullPointerException.class, () -> new Checkpoint(null, 5, 0, 10, none));
  }

  @Test
  void aRangeReadStartsAtTheByteTheBlockStartsIn() {
    assertEquals(99, new Checkpoint(BLOCK, 100, 3, 10, new byte[10]).spanStart());
    assertEquals(100, new Checkpoint(BLOCK, 100, 0, 10, new byte[10]).spanStart());
    assertEquals(100, new Checkpoint(MEMBER, 100, 0, 10, new byte[0]).spanStart());
  }

  @Test
  void keepsItsWindowAndComparesByValue() {
    byte[] window = {1, 2, 3};
    Checkpoint c = new Checkpoint(BLOCK, 100, 3, 10, window);
    window[0] = 9;
    assertEquals(1, c.window()[0]);
    c.window()[1] = 9;
    assertEquals(2, c.window()[1]);
    Checkpoint same = new Checkpoint(BLOCK, 100, 3, 10, new byte[] {1, 2, 3});
    assertEquals(c, same);
    assertEquals(c.hashCode(), same.hashCode());
    assertNotEquals(c, new Checkpoint(BLOCK, 100, 3, 10, new byte[] {1, 2, 4}));
    assertEquals(3, c.windowLength());
  }
}
