package dev.stargzdownloader.buildtools;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Rewrites the class files of the runnable jar that are older than Java 6 (class file version 50)
 * as Java 8 class files with stack map frames.
 *
 * <p>Why: picocli ships Java 5 class files. The JVM's class data sharing does not archive such
 * classes, and verifies them with the slow inferencing verifier on every start: about 170 classes
 * and a third of the start-up time of {@code --version}. The bytecode is unchanged; only the
 * version and the frames the newer verifier checks are added. Every rewritten class is checked with
 * ASM's verifier before the jar is replaced, and the build fails on any problem.
 *
 * <p>Arguments: the jar, rewritten in place (entry order and times are kept, so the build stays
 * reproducible).
 */
public final class ClassFileUpgrade {
  private static final int JAVA_6 = 50;

  private ClassFileUpgrade() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ClassFileUpgrade JAR");
    }
    Path jar = Path.of(args[0]);
    Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgraded");
    int count = 0;
    try (URLClassLoader loader =
            new URLClassLoader(
                new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        byte[] bytes = in.readAllBytes();
        if (entry.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
          bytes = upgrade(bytes, loader);
          count++;
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    }
    Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("class files upgraded to Java 8 with stack map frames: " + count);
  }

  static int majorVersion(byte[] classFile) {
    return classFile.length < 8
        ? Integer.MAX_VALUE
        : ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
  }

  static byte[] upgrade(byte[] classFile, ClassLoader loader) {
    ClassReader reader = new ClassReader(classFile);
    // Frames are computed from scratch, which needs the class hierarchy: it comes from the jar.
    ClassWriter writer =
        new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
          @Override
          protected ClassLoader getClassLoader() {
            return loader;
          }
        };
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public void visit(
              int version,
              int access,
              String name,
              String signature,
              String superName,
              String[] interfaces) {
            super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
          }
        },
        ClassReader.SKIP_FRAMES);
    byte[] upgraded = writer.toByteArray();
    StringWriter problems = new StringWriter();
    CheckClassAdapter.verify(new ClassReader(upgraded), loader, false, new PrintWriter(problems));
    if (!problems.toString().isEmpty()) {
      throw new IllegalStateException(
          "the upgraded " + reader.getClassName() + " does not verify:\n" + problems);
    }
    return upgraded;
  }
}
