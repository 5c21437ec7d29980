package dev.stargzdownloader.credentials;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stargzdownloader.json.JsonLimits;
import dev.stargzdownloader.registry.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One docker {@code config.json} or containers {@code auth.json}: what it says about credentials.
 *
 * <ul>
 *   <li>{@code auths}: key → {@code {"auth": base64("user:password")}}, or {@code username} and
 *       {@code password}, or {@code identitytoken} (an OAuth2 refresh token), or {@code
 *       registrytoken} (a Bearer token for the registry itself); an entry with none of them (as
 *       docker writes next to a {@code credsStore}) holds nothing;
 *   <li>{@code credHelpers}: key → the NAME of a {@code docker-credential-NAME} helper;
 *   <li>{@code credsStore}: the helper for every registry.
 * </ul>
 *
 * Everything else in the file (proxies, headers, aliases) is ignored. An empty file holds nothing,
 * as docker reads it. A field of the wrong type, an {@code auth} that is not base64 of {@code
 * user:password}, or a file that is not a JSON object is a {@link CredentialConfigException}.
 */
public final class AuthConfigFile {
  private static final JsonFactory JSON = JsonLimits.factory();

  /**
   * One {@code auths} entry.
   *
   * @param key the key as the file spells it
   * @param credentials what the entry holds, not yet bound to a registry
   */
  public record Entry(String key, Optional<Credentials> credentials) {}

  private final Path path;
  private final Map<String, Entry> auths;
  private final Map<String, String> credHelpers;
  private final Optional<String> credsStore;

  private AuthConfigFile(
      Path path,
      Map<String, Entry> auths,
      Map<String, String> credHelpers,
      Optional<String> credsStore) {
    this.path = path;
    this.auths = auths;
    this.credHelpers = credHelpers;
    this.credsStore = credsStore;
  }

  /** The file at {@code path}, or empty if there is none there. */
  public static Optional<AuthConfigFile> read(Path path) throws CredentialConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CredentialConfigException(
          "cannot read the credentials file " + path + ": " + describe(e), e);
    }
    return Optional.of(parse(path, bytes));
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    return e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
        ? fse.getReason()
        : message;
  }

  /** Parses the bytes of the file at {@code path} ({@code path} names it in errors). */
  public static AuthConfigFile parse(Path path, byte[] bytes) throws CredentialConfigException {
    Map<String, Entry> auths = new LinkedHashMap<>();
    Map<String, String> helpers = new LinkedHashMap<>();
    Optional<String> store = Optional.empty();
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return new AuthConfigFile(path, auths, helpers, store);
    }
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed(path, "it is not a JSON object");
      }
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        switch (field) {
          case "auths" -> {
            auths.clear();
            readAuths(path, parser, value, auths);
          }
          case "credHelpers" -> {
            helpers.clear();
            readHelpers(path, parser, value, helpers);
          }
          case "credsStore" -> {
            String name = string(path, parser, value, "credsStore");
            store = name.isEmpty() ? Optional.empty() : Optional.of(checkName(path, name, field));
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw malformed(path, "it holds more after its JSON object");
      }
    } catch (CredentialConfigException e) {
      throw e;
    } catch (IOException e) {
      throw malformed(path, "it is not valid JSON" + location(e));
    }
    return new AuthConfigFile(path, auths, helpers, store);
  }

  private static void readAuths(
      Path path, JsonParser parser, JsonToken value, Map<String, Entry> auths) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return;
    }
    if (value != JsonToken.START_OBJECT) {
      throw malformed(path, "\"auths\" is not an object");
    }
    for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
      JsonToken entry = parser.nextToken();
      Entry parsed = readEntry(path, parser, entry, key);
      String normalized = RegistryKeys.normalize(key);
      Entry earlier = auths.get(normalized);
      // Two spellings of one registry: the plain host[:port] form wins, as containers prefers it.
      if (earlier == null || !earlier.key().equals(normalized)) {
        auths.put(normalized, parsed);
      }
    }
  }

  private static Entry readEntry(Path path, JsonParser parser, JsonToken value, String key)
      throws IOException {
    String where = "auths[\"" + key + "\"]";
    if (value == JsonToken.VALUE_NULL) {
      return new Entry(key, Optional.empty());
    }
    if (value != JsonToken.START_OBJECT) {
      throw malformed(path, where + " is not an object");
    }
    String auth = "";
    String username = "";
    String password = "";
    String identityToken = "";
    String registryToken = "";
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken token = parser.nextToken();
      switch (field) {
        case "auth" -> auth = string(path, parser, token, where + ".auth");
        case "username" -> username = string(path, parser, token, where + ".username");
        case "password" -> password = string(path, parser, token, where + ".password");
        case "identitytoken" ->
            identityToken = string(path, parser, token, where + ".identitytoken");
        case "registrytoken" ->
            registryToken = string(path, parser, token, where + ".registrytoken");
        default -> parser.skipChildren();
      }
    }
    if (!auth.isEmpty()) {
      String decoded = decodeAuth(path, where, auth);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw malformed(path, where + ".auth does not hold user:password (there is no ':')");
      }
      username = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    Optional<Credentials> credentials;
    if (!registryToken.isEmpty()) {
      credentials = Optional.of(Credentials.registryToken(registryToken));
    } else if (!identityToken.isEmpty()) {
      credentials = Optional.of(Credentials.identityToken(identityToken));
    } else if (!username.isEmpty() || !password.isEmpty()) {
      if (username.isEmpty() || password.isEmpty()) {
        throw malformed(
            path, where + " has a " + (username.isEmpty() ? "password" : "username") + " only");
      }
      try {
        credentials = Optional.of(new Credentials(username, password));
      } catch (IllegalArgumentException e) {
        throw malformed(path, where + ": " + e.getMessage());
      }
    } else {
      credentials = Optional.empty();
    }
    return new Entry(key, credentials);
  }

  private static String decodeAuth(Path path, String where, String auth)
      throws CredentialConfigException {
    try {
      return new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed(path, where + ".auth is not base64");
    }
  }

  private static void readHelpers(
      Path path, JsonParser parser, JsonToken value, Map<String, String> helpers)
      throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return;
    }
    if (value != JsonToken.START_OBJECT) {
      throw malformed(path, "\"credHelpers\" is not an object");
    }
    for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
      String where = "credHelpers[\"" + key + "\"]";
      String name = string(path, parser, parser.nextToken(), where);
      if (!name.isEmpty()) {
        helpers.put(RegistryKeys.normalize(key), checkName(path, name, where));
      }
    }
  }

  /** A helper's NAME becomes part of a file name; it may not lead elsewhere. */
  private static String checkName(Path path, String name, String where)
      throws CredentialConfigException {
    if (name.contains("/") || name.contains("\\") || name.contains("\0") || name.startsWith(".")) {
      throw malformed(path, where + " is not a helper name");
    }
    return name;
  }

  private static String string(Path path, JsonParser parser, JsonToken value, String where)
      throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (value == JsonToken.VALUE_NULL) {
      return "";
    }
    parser.skipChildren();
    throw malformed(path, where + " is not a string");
  }

  private static CredentialConfigException malformed(Path path, String what) {
    return new CredentialConfigException("malformed credentials file " + path + ": " + what);
  }

  /**
   * Where the parser stopped. Not the parser's message: it quotes the token it could not read,
   * which may be a secret.
   */
  private static String location(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
        && json.getLocation() != null) {
      return " (at line "
          + json.getLocation().getLineNr()
          + ", column "
          + json.getLocation().getColumnNr()
          + ")";
    }
    return "";
  }

  public Path path() {
    return path;
  }

  /** The {@code credHelpers} helper NAME for this registry, if one is named. */
  public Optional<String> helperFor(String registryHost, String repository) {
    return longestMatch(credHelpers, registryHost, repository);
  }

  /** The {@code credsStore} helper NAME, if one is named. */
  public Optional<String> credsStore() {
    return credsStore;
  }

  /** The {@code auths} entry for this repository, the longest matching key first. */
  public Optional<Entry> entryFor(String registryHost, String repository) {
    return longestMatch(auths, registryHost, repository);
  }

  private static <T> Optional<T> longestMatch(
      Map<String, T> map, String registryHost, String repository) {
    List<String> candidates = RegistryKeys.candidates(registryHost, repository);
    for (String candidate : candidates) {
      T value = map.get(candidate);
      if (value != null) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
