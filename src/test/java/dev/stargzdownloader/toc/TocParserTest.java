package dev.stargzdownloader.toc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.Chunk;
import dev.stargzdownloader.layer.FileLocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TocParserTest {
  private static List<TocEntry> parse(String json, long tocOffset) throws IOException {
    return TocParser.parse(
        new ByteArrayInputStream(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)),
        tocOffset,
        "L");
  }

  @Test
  void everyEntryType_withAbsentFieldsAsZero() throws IOException {
    List<TocEntry> entries =
        parse(
            "{'version':1,'NumLink':3,'entries':["
                + "{'name':'./d/','type':'dir','mode':16877,'modtime':'2024-01-02T03:04:05Z'},"
                + "{'name':'/d/f','type':'reg','size':10,'offset':5,'chunkSize':4,'xattrs':{'a':'Yg=='}},"
                + "{'name':'ignored','type':'chunk','offset':9,'chunkOffset':4},"
                + "{'name':'d/s','type':'symlink','linkName':'../x'},"
                + "{'name':'d/h','type':'hardlink','linkName':'./d/f'},"
                + "{'name':'d/c','type':'char','devMajor':1},"
                + "{'name':'d/b','type':'block'},"
                + "{'name':'d/p','type':'fifo','Nlink':1}]}",
            100);
    assertEquals(8, entries.size());
    TocEntry dir = entries.get(0);
    assertEquals("d", dir.name());
    assertEquals(EntryType.DIR, dir.type());
    assertEquals(Optional.of(Instant.parse("2024-01-02T03:04:05Z")), dir.modTime());
    assertEquals(0755, dir.mode() & 07777);
    TocEntry reg = entries.get(1);
    assertEquals("d/f", reg.name());
    assertEquals(0, reg.innerOffset());
    assertEquals(Optional.empty(), reg.modTime());
    TocEntry chunk = entries.get(2);
    assertEquals("d/f", chunk.name(), "a chunk belongs to the preceding entry");
    assertEquals(0, chunk.chunkSize());
    assertEquals("../x", entries.get(3).linkName(), "symlink targets stay verbatim");
    assertEquals("d/f", entries.get(4).linkName(), "hard-link targets are normalised");
    assertEquals(EntryType.CHAR, entries.get(5).type());
    assertEquals(EntryType.BLOCK, entries.get(6).type());
    assertEquals(EntryType.FIFO, entries.get(7).type());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | {'entries': [ | not valid TOC JSON",
        "no entries | {'version':1} | no \"entries\" array",
        "unknown type | {'entries':[{'name':'a','type':'socket'}]} | unknown type \"socket\"",
        "chunk first | {'entries':[{'name':'a','type':'chunk','offset':1}]} | follows no entry",
        "chunk after dir | {'entries':[{'name':'a','type':'dir'},{'type':'chunk'}]} | follows a directory",
        "negative size | {'entries':[{'name':'a','type':'reg','size':-1}]} | size -1",
        "huge size | {'entries':[{'name':'a','type':'reg','size':2199023255553,'offset':1}]} | size 2199023255553",
        "offset past TOC | {'entries':[{'name':'a','type':'reg','size':1,'offset':100}]} | outside the layer data [0, 100)",
        "float size | {'entries':[{'name':'a','type':'reg','size':1.5}]} | not valid TOC JSON",
        "bad digest | {'entries':[{'name':'a','type':'reg','digest':'md5:00'}]} | bad digest",
        "bad modtime | {'entries':[{'name':'a','type':'dir','modtime':'yesterday'}]} | not RFC 3339",
        "no name | {'entries':[{'type':'dir'}]} | has no name",
        "null entry | {'entries':[null]} | is null",
      })
  void malformedToc_isRejectedNamingTheEntry(String what, String json, String fragment) {
    var e = assertThrows(TocFormatException.class, () -> parse(json, 100));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().startsWith("layer L: "), e.getMessage());
  }

  /**
   * Fields must have their JSON type: the reference reader (Go's encoding/json) refuses a string
   * for a number and a number for a string, so no real TOC has one, and coercing would read the
   * string mode "0755" as decimal 755.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "string size | {'entries':[{'name':'a','type':'reg','size':'12'}]} | entry #0 \"a\": size must be an integer, not a string",
        "string mode | {'entries':[{'name':'a','type':'dir','mode':'0755'}]} | entry #0 \"a\": mode must be an integer, not a string",
        "boolean offset | {'entries':[{'name':'a','type':'reg','offset':true}]} | offset must be an integer, not true",
        "huge offset | {'entries':[{'name':'a','type':'reg','offset':99999999999999999999}]} | offset must be a 64-bit integer, not 99999999999999999999",
        "number name | {'entries':[{'name':5,'type':'dir'}]} | entry #0: name must be a string, not 5",
        "name after bad field | {'entries':[{'type':'dir','size':[1],'name':'late'}]} | entry #0 \"late\": size must be an integer, not an array",
        "object digest | {'entries':[{'name':'a','type':'reg','digest':{}}]} | digest must be a string, not an object",
        "number type | {'entries':[{'name':'a','type':1}]} | type must be a string, not 1",
        "number modtime | {'entries':[{'name':'a','type':'dir','modtime':5}]} | modtime must be a string, not 5",
        "string entry | {'entries':['a']} | entry #0 must be an object, not a string",
        "entries object | {'entries':{}} | entries must be an array, not an object",
        "string version | {'version':'1','entries':[]} | version must be a 32-bit integer, not a string",
        "array root | [] | the TOC must be an object, not an array",
        "empty | '' | it is empty",
      })
  void fieldOfTheWrongJsonType_isInvalidTocJson_namingTheEntry(
      String what, String json, String fragment) {
    var e = assertThrows(TocFormatException.class, () -> parse(json, 100));
    assertTrue(e.getMessage().startsWith("layer L: TOC is not valid TOC JSON: "), e.getMessage());
    assertTrue(e.getMessage().endsWith(fragment), e.getMessage());
  }

  /**
   * Broken JSON and wrong types anywhere win over a bad value in an earlier entry, and earlier bad
   * values over later ones, as when the whole document was bound before any entry was checked.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "syntax after bad entry | {'entries':[{'name':'a','type':'socket'}],'x':[ | not valid TOC JSON: Unexpected end-of-input",
        "type after bad entry | {'entries':[{'name':'a','type':'socket'},{'size':'1'}]} | entry #1: size must be an integer",
        "type after bad version | {'entries':[{'name':'a','type':'socket'}],'version':'x'} | version must be",
        "null before bad entry | {'entries':[null,{'name':'a','type':'socket'}]} | TOC entry #0 is null",
        "bad entry before null | {'entries':[{'name':'a','type':'socket'},null]} | unknown type \"socket\"",
        "no entries after bad ones | {'entries':[{'type':'socket'}],'entries':null} | no \"entries\" array",
      })
  void errors_comeInDocumentOrder_formatErrorsFirst(String what, String json, String fragment) {
    var e = assertThrows(TocFormatException.class, () -> parse(json, 100));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void laterEntriesField_replacesTheEarlierOne_andTrailingBytesAreIgnored() throws IOException {
    List<TocEntry> entries =
        parse(
            "{'entries':[{'type':'socket'}],'entries':[{'name':'b','type':'dir','size':null}]}"
                + " trailing bytes",
            100);
    assertEquals(1, entries.size());
    assertEquals("b", entries.get(0).name());
    assertEquals(0, entries.get(0).size(), "null stands for an absent number");
  }

  @Test
  void singleChunkFile_hasEqualDigestAndChunkDigest() throws IOException {
    String digest = "sha256:" + "ab".repeat(32);
    List<TocEntry> entries =
        parse(
            "{'entries':[{'name':'f','type':'reg','size':1,'digest':'"
                + digest
                + "','chunkDigest':'"
                + digest
                + "'},{'name':'f2','type':'reg','size':1,'chunkDigest':'"
                + digest
                + "'}]}",
            100);
    assertEquals(entries.get(0).digest(), entries.get(0).chunkDigest());
    assertEquals(digest, entries.get(0).digest().orElseThrow().toString());
    assertEquals(Optional.empty(), entries.get(1).digest());
    assertEquals(entries.get(0).digest(), entries.get(1).chunkDigest());
  }

  @Test
  void chunkRanges_endAtNextLargerOffset_andPiecesSharingAMemberShareTheRange() throws IOException {
    List<TocEntry> entries =
        parse(
            "{'entries':["
                + "{'name':'a','type':'reg','size':3,'innerOffset':512,'chunkDigest':'"
                + "sha256:"
                + "0".repeat(64)
                + "'},"
                + "{'name':'b','type':'reg','size':8,'innerOffset':1536,'chunkSize':4},"
                + "{'type':'chunk','offset':700,'chunkOffset':4},"
                + "{'name':'c','type':'reg','size':5,'offset':900}]}",
            1000);
    LayerIndex index = new LayerIndex(entries, 1000);
    FilePlanner planner = new FilePlanner(index, "L");
    FileLocation b = planner.plan("b", index.get("b"));
    assertEquals(
        List.of(
            new Chunk(0, 4, 0, 700, 1536, Optional.empty()),
            new Chunk(4, 4, 700, 900, 0, Optional.empty())),
        b.chunks());
    assertEquals(List.of(new ByteSpan(0, 900)), b.spans());
    assertEquals(900, b.compressedBytes());
    FileLocation c = planner.plan("c", index.get("c"));
    assertEquals(List.of(new ByteSpan(900, 1000)), c.spans());
    FileLocation a = planner.plan("a", index.get("a"));
    assertEquals(new ByteSpan(0, 700), a.chunks().get(0).compressedRange());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gap | {'name':'f','type':'reg','size':8,'chunkSize':4},{'type':'chunk','offset':10,'chunkOffset':5} | cover the file contiguously",
        "beyond size | {'name':'f','type':'reg','size':8,'chunkSize':4},{'type':'chunk','offset':10,'chunkOffset':4,'chunkSize':9} | beyond the file size 8",
        "short cover | {'name':'f','type':'reg','size':8,'chunkSize':4} | cover 4 of its 8 bytes",
        "into other file | {'name':'g','type':'reg','size':8,'offset':10},{'name':'f','type':'reg','size':4,'offset':10,'innerOffset':2} | points into the data of entry #0 \"g\"",
      })
  void inconsistentChunkTables_areRejected(String what, String entries, String fragment)
      throws IOException {
    List<TocEntry> parsed = parse("{'entries':[" + entries + "]}", 1000);
    LayerIndex index = new LayerIndex(parsed, 1000);
    var e =
        assertThrows(
            TocFormatException.class, () -> new FilePlanner(index, "L").plan("f", index.get("f")));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @ParameterizedTest(name = "{0} ~ {1}")
  @CsvSource({"usr/bin/bsh, usr/bin/bash", "etc/passwd, etc/passwd-", "x/hello.txt, y/hello.txt"})
  void suggestions_findCloseNamesAndSameBaseName(String missing, String expected) {
    List<String> names = List.of("usr/bin/bash", "etc/passwd-", "y/hello.txt", "completely/else");
    assertEquals(expected, Suggestions.closest(missing, names, 3).get(0));
  }
}
