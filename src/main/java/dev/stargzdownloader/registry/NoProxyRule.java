package dev.stargzdownloader.registry;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The hosts a {@code NO_PROXY} value sends directly, read as Go's {@code
 * golang.org/x/net/http/httpproxy} (and so crane and skopeo) reads it: comma-separated entries,
 * each trimmed and compared case-insensitively.
 *
 * <ul>
 *   <li>{@code *}: every host;
 *   <li>an IP address ({@code 1.2.3.4}, {@code ::1}, {@code [2001:db8::1]}), with an optional port
 *       ({@code 1.2.3.4:80}, {@code [2001:db8::1]:443}): that address (and that port only);
 *   <li>a CIDR range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}): every address in it, any port;
 *   <li>a domain name with an optional port: {@code example.com} matches {@code example.com} and
 *       every subdomain, {@code .example.com} (or {@code *.example.com}) only the subdomains.
 * </ul>
 *
 * <p>Entries that are none of these never match; a {@code NO_PROXY} value is never an error (as in
 * Go). Two deliberate differences from Go, both for entries Go would silently never match: a
 * bracketed IPv6 address without a port ({@code [::1]}) is read as that address, and an IPv4-mapped
 * IPv6 address is the same as its IPv4 form everywhere. The rule looks at names only: it resolves
 * nothing.
 */
public final class NoProxyRule {
  private static final NoProxyRule NONE =
      new NoProxyRule("", false, List.of(), List.of(), List.of());

  /** Any port. */
  private static final int ANY_PORT = -1;

  /** A port that could not be read; such an entry never matches. */
  private static final int BAD_PORT = -2;

  private record AddressEntry(byte[] address, int port) {}

  private record RangeEntry(byte[] network, int prefixBits) {}

  /**
   * @param suffix the name with a leading dot: {@code .example.com}
   * @param orItself whether the name itself matches too (the entry had no leading dot)
   */
  private record DomainEntry(String suffix, boolean orItself, int port) {}

  private final String text;
  private final boolean everything;
  private final List<AddressEntry> addresses;
  private final List<RangeEntry> ranges;
  private final List<DomainEntry> domains;

  private NoProxyRule(
      String text,
      boolean everything,
      List<AddressEntry> addresses,
      List<RangeEntry> ranges,
      List<DomainEntry> domains) {
    this.text = text;
    this.everything = everything;
    this.addresses = addresses;
    this.ranges = ranges;
    this.domains = domains;
  }

  /** Matches nothing. */
  public static NoProxyRule none() {
    return NONE;
  }

  /** Reads a {@code NO_PROXY} value; {@code null} or blank matches nothing. */
  public static NoProxyRule parse(String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    List<AddressEntry> addresses = new ArrayList<>();
    List<RangeEntry> ranges = new ArrayList<>();
    List<DomainEntry> domains = new ArrayList<>();
    int start = 0;
    while (start <= value.length()) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? value.length() : comma;
      String entry = value.substring(start, end).strip().toLowerCase(Locale.ROOT);
      start = end + 1;
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*")) {
        return new NoProxyRule(value.strip(), true, List.of(), List.of(), List.of());
      }
      addEntry(entry, addresses, ranges, domains);
    }
    return new NoProxyRule(
        value.strip(), false, List.copyOf(addresses), List.copyOf(ranges), List.copyOf(domains));
  }

  private static void addEntry(
      String entry,
      List<AddressEntry> addresses,
      List<RangeEntry> ranges,
      List<DomainEntry> domains) {
    Optional<RangeEntry> range = range(entry);
    if (range.isPresent()) {
      ranges.add(range.get());
      return;
    }
    String host = entry;
    int port = ANY_PORT;
    Optional<String[]> split = splitHostPort(entry);
    if (split.isPresent()) {
      host = split.get()[0];
      port = port(split.get()[1]);
      if (host.isEmpty()) {
        return; // ":80": no host, an entry that can mean nothing
      }
    } else if (entry.length() > 2 && entry.startsWith("[") && entry.endsWith("]")) {
      host = entry.substring(1, entry.length() - 1);
    }
    Optional<byte[]> address = ipLiteral(host);
    if (address.isPresent()) {
      addresses.add(new AddressEntry(address.get(), port));
      return;
    }
    if (host.startsWith("*.")) {
      host = host.substring(1);
    }
    boolean orItself = !host.startsWith(".");
    String suffix = "." + ascii(orItself ? host : host.substring(1));
    domains.add(new DomainEntry(suffix, orItself, port));
  }

  /**
   * Whether a request to {@code host} (a name or an IP address, IPv6 with or without brackets) on
   * {@code port} goes directly.
   */
  public boolean matches(String host, int port) {
    if (everything) {
      return true;
    }
    String name = normalizeHost(host);
    Optional<byte[]> address = ipLiteral(name);
    if (address.isPresent()) {
      for (AddressEntry entry : addresses) {
        if (Arrays.equals(entry.address(), address.get())
            && (entry.port() == ANY_PORT || entry.port() == port)) {
          return true;
        }
      }
      for (RangeEntry entry : ranges) {
        if (inRange(address.get(), entry)) {
          return true;
        }
      }
      return false; // domain entries name hosts: "4" is no suffix of 1.2.3.4
    }
    for (DomainEntry entry : domains) {
      boolean nameMatches =
          name.endsWith(entry.suffix())
              || (entry.orItself() && name.equals(entry.suffix().substring(1)));
      if (nameMatches && (entry.port() == ANY_PORT || entry.port() == port)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this rule matches every host ({@code NO_PROXY=*}). */
  public boolean matchesEverything() {
    return everything;
  }

  /** The value as given, trimmed; empty for {@link #none()}. */
  public String text() {
    return text;
  }

  /** {@code host} lower-cased, without IPv6 brackets, in its ASCII (punycode) form. */
  static String normalizeHost(String host) {
    String name = host.strip().toLowerCase(Locale.ROOT);
    if (name.length() > 2 && name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    return ascii(name);
  }

  /** Whether {@code host} is {@code localhost} or a loopback address, which Go never proxies. */
  static boolean isLoopback(String host) {
    String name = normalizeHost(host);
    if (name.equals("localhost")) {
      return true;
    }
    Optional<byte[]> address = ipLiteral(name);
    if (address.isEmpty()) {
      return false;
    }
    byte[] a = address.get();
    if (isIpv4Mapped(a)) {
      return a[12] == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[15] == 1;
  }

  private static String ascii(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) > 0x7f) {
        try {
          return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
          return name; // as Go: a name that has no ASCII form is compared as it is
        }
      }
    }
    return name;
  }

  private static boolean inRange(byte[] address, RangeEntry range) {
    int bits = range.prefixBits();
    for (int i = 0; i < 16 && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((address[i] & mask) != (range.network()[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** {@code address/bits}, as Go's {@code net.ParseCIDR} accepts it. */
  private static Optional<RangeEntry> range(String entry) {
    int slash = entry.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String literal = entry.substring(0, slash);
    String bitsText = entry.substring(slash + 1);
    boolean ipv4 = literal.indexOf(':') < 0;
    Optional<byte[]> address = ipv4 ? ipv4(literal) : ipv6(literal);
    if (address.isEmpty()
        || bitsText.isEmpty()
        || bitsText.length() > 3
        || !bitsText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    int bits = Integer.parseInt(bitsText);
    if (bits > (ipv4 ? 32 : 128)) {
      return Optional.empty();
    }
    return Optional.of(new RangeEntry(address.get(), ipv4 ? bits + 96 : bits));
  }

  /**
   * {@code host:port} or {@code [host]:port} split as Go's {@code net.SplitHostPort} splits them;
   * empty when the entry has no port part (or too many colons to have one).
   */
  private static Optional<String[]> splitHostPort(String entry) {
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0 || close + 1 >= entry.length() || entry.charAt(close + 1) != ':') {
        return Optional.empty();
      }
      String port = entry.substring(close + 2);
      if (port.indexOf(':') >= 0) {
        return Optional.empty();
      }
      return Optional.of(new String[] {entry.substring(1, close), port});
    }
    int colon = entry.indexOf(':');
    if (colon < 0 || entry.indexOf(':', colon + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new String[] {entry.substring(0, colon), entry.substring(colon + 1)});
  }

  private static int port(String text) {
    if (text.isEmpty()) {
      return ANY_PORT;
    }
    if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return BAD_PORT;
    }
    int port = Integer.parseInt(text);
    return port <= 65535 ? port : BAD_PORT;
  }

  /** An IP address literal as 16 bytes (IPv4 in its IPv4-mapped form); empty for anything else. */
  static Optional<byte[]> ipLiteral(String text) {
    return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
  }

  /** Four decimal numbers 0 to 255 without leading zeros, as Go's {@code net.ParseIP} wants. */
  private static Optional<byte[]> ipv4(String text) {
    byte[] result = new byte[16];
    result[10] = (byte) 0xff;
    result[11] = (byte) 0xff;
    int part = 0;
    int start = 0;
    while (part < 4) {
      int dot = text.indexOf('.', start);
      int end = part == 3 ? text.length() : dot;
      if (end < 0 || (part == 3 && dot >= 0)) {
        return Optional.empty();
      }
      String number = text.substring(start, end);
      if (number.isEmpty()
          || number.length() > 3
          || (number.length() > 1 && number.charAt(0) == '0')
          || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(number);
      if (value > 255) {
        return Optional.empty();
      }
      result[12 + part] = (byte) value;
      part++;
      start = end + 1;
    }
    return Optional.of(result);
  }

  private static Optional<byte[]> ipv6(String text) {
    if (text.length() < 2 || text.length() > 45) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == ':'
              || c == '.';
      if (!allowed) {
        return Optional.empty();
      }
    }
    try {
      // In brackets the JDK parses a literal only and never asks a name service; anything that is
      // not an IPv6 literal is refused, not looked up.
      byte[] raw = InetAddress.getByName("[" + text + "]").getAddress();
      if (raw.length == 16) {
        return Optional.of(raw);
      }
      return raw.length == 4
          ? ipv4(InetAddress.getByAddress(raw).getHostAddress())
          : Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean isIpv4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  @Override
  public String toString() {
    return text.isEmpty() ? "(none)" : text;
  }
}
