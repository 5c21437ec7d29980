package dev.stargzdownloader.extract;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tar streams in tests; names are kept exactly as given, hostile ones included. */
final class TarBuilder {
  static final Instant DEFAULT_TIME = Instant.parse("2020-01-02T03:04:05Z");

  private record Item(TarArchiveEntry entry, byte[] content) {}

  private final List<Item> items = new ArrayList<>();

  static TarBuilder layer() {
    return new TarBuilder();
  }

  TarBuilder dir(String name) {
    return dir(name, 0755);
  }

  TarBuilder dir(String name, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
    e.setMode(040000 | mode);
    return add(e, new byte[0]);
  }

  TarBuilder file(String name, String content) {
    return file(name, content, 0644);
  }

  TarBuilder file(String name, String content, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setMode(0100000 | mode);
    return add(e, content.getBytes(StandardCharsets.UTF_8));
  }

  TarBuilder symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    e.setLinkName(target);
    e.setMode(0120777);
    return add(e, new byte[0]);
  }

  TarBuilder hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    e.setLinkName(target);
    e.setMode(0100644);
    return add(e, new byte[0]);
  }

  TarBuilder fifo(String name) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
    e.setMode(010644);
    return add(e, new byte[0]);
  }

  TarBuilder charDevice(String name, int major, int minor) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
    e.setMode(020666);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    return add(e, new byte[0]);
  }

  /** Sets the modification time of the entry added last. */
  TarBuilder modified(Instant time) {
    items.get(items.size() - 1).entry().setLastModifiedTime(FileTime.from(time));
    return this;
  }

  /** Sets the owner of the entry added last. */
  TarBuilder owner(long uid, long gid) {
    TarArchiveEntry entry = items.get(items.size() - 1).entry();
    entry.setUserId(uid);
    entry.setGroupId(gid);
    return this;
  }

  private TarBuilder add(TarArchiveEntry entry, byte[] content) {
    entry.setSize(content.length);
    entry.setLastModifiedTime(FileTime.from(DEFAULT_TIME));
    items.add(new Item(entry, content));
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Item item : items) {
        out.putArchiveEntry(item.entry());
        out.write(item.content());
        out.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  InputStream stream() {
    return new ByteArrayInputStream(bytes());
  }
}
