package dev.stargzdownloader.it;

import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.ImagePusher;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * An image big enough that, behind a slowed link, a download lasts long enough to be stopped: a
 * small base layer and one layer holding an incompressible file.
 */
final class StopImages {
  static final String REPOSITORY = "stop/big";
  static final String TAG = "1";
  static final String BIG_FILE = "/big.bin";
  static final int BIG_SIZE = 6 * 1024 * 1024;

  private StopImages() {}

  static void push(ImagePusher pusher) throws IOException {
    byte[] big = new byte[BIG_SIZE];
    new Random(42).nextBytes(big);
    byte[] base =
        new TarLayerBuilder()
            .dir("etc", 0755)
            .file("etc/hello.txt", "hello\n", 0644)
            .file("etc/other.txt", "other\n", 0644)
            .gzip();
    byte[] payload = new TarLayerBuilder().file("big.bin", big, 0644).gzip();
    pusher.pushImage(REPOSITORY, TAG, Format.OCI, List.of(Layer.plain(base), Layer.plain(payload)));
  }
}
