package dev.stargzdownloader.testsupport;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes ordinary (not eStargz) image layers: a tar stream, plain, gzip- or zstd-compressed. */
public final class TarLayerBuilder {
  private static final Instant MTIME = Instant.parse("2024-05-06T07:08:09Z");

  private final ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  public TarLayerBuilder() {
    tar = new TarArchiveOutputStream(tarBytes, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  public TarLayerBuilder dir(String name, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    entry.setMode(mode);
    return add(entry, new byte[0]);
  }

  public TarLayerBuilder file(String name, String content, int mode) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  public TarLayerBuilder file(String name, byte[] content, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(mode);
    entry.setSize(content.length);
    return add(entry, content);
  }

  public TarLayerBuilder symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    entry.setLinkName(target);
    entry.setMode(0777);
    return add(entry, new byte[0]);
  }

  public TarLayerBuilder hardlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
    entry.setLinkName(target);
    entry.setMode(0644);
    return add(entry, new byte[0]);
  }

  /** An OCI whiteout: deletes {@code path} of lower layers. */
  public TarLayerBuilder whiteout(String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
    return file(name, new byte[0], 0644);
  }

  /** An OCI opaque marker: hides everything lower layers put in {@code directory}. */
  public TarLayerBuilder opaque(String directory) {
    String dir = directory.endsWith("/") ? directory : directory + "/";
    return file(dir + ".wh..wh..opq", new byte[0], 0644);
  }

  private TarLayerBuilder add(TarArchiveEntry entry, byte[] content) {
    entry.setModTime(Date.from(MTIME));
    try {
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public byte[] tar() {
    try {
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tarBytes.toByteArray();
  }

  public byte[] gzip() {
    return compress(tar(), GZIPOutputStream::new);
  }

  public byte[] zstd() {
    return compress(tar(), ZstdOutputStream::new);
  }

  private interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(byte[] data, Compressor compressor) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressed = compressor.wrap(out)) {
      compressed.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
