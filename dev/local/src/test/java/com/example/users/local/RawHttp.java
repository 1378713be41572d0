package com.example.users.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A deliberately dumb HTTP/1.1 client over a socket, for requests {@code java.net.http} refuses to
 * send: any method, any bytes in the request target, repeated or NUL-bearing headers. One request
 * per connection ({@code Connection: close}); the response is read to end of stream.
 */
final class RawHttp {

  /** A header exactly as it goes on the wire. */
  record Header(String name, String value) {}

  /** A parsed response; header names in lower case, in order, repeats kept. */
  record Response(int status, List<Header> headers, byte[] body) {

    Optional<String> header(String lowerName) {
      return headers.stream()
          .filter(h -> h.name().equals(lowerName))
          .map(Header::value)
          .findFirst();
    }

    long count(String lowerName) {
      return headers.stream().filter(h -> h.name().equals(lowerName)).count();
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {}

  /**
   * Sends one request. {@code Host}, {@code Connection: close} and (when there is a body) {@code
   * Content-Length} are added unless {@code headers} already has them.
   *
   * @param target the request target exactly as written on the request line
   * @param body the body bytes, or null for none
   */
  static Response send(URI base, String method, String target, List<Header> headers, byte[] body)
      throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    write(request, method + " " + target + " HTTP/1.1\r\n");
    List<Header> all = new ArrayList<>(headers);
    if (all.stream().noneMatch(h -> h.name().equalsIgnoreCase("host"))) {
      all.add(new Header("Host", base.getHost() + ":" + base.getPort()));
    }
    if (body != null && all.stream().noneMatch(h -> h.name().equalsIgnoreCase("content-length"))) {
      all.add(new Header("Content-Length", Integer.toString(body.length)));
    }
    all.add(new Header("Connection", "close"));
    for (Header h : all) {
      write(request, h.name() + ": " + h.value() + "\r\n");
    }
    write(request, "\r\n");
    if (body != null) {
      request.write(body);
    }
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static void write(ByteArrayOutputStream out, String text) {
    // ISO-8859-1 keeps every char below 256 as one byte, so tests can put raw bytes on the wire.
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    out.write(bytes, 0, bytes.length);
  }

  private static Response parse(byte[] raw) throws IOException {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IOException(
          "no complete response head in " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<Header> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(
          new Header(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim()));
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    Optional<String> length =
        headers.stream()
            .filter(h -> h.name().equals("content-length"))
            .map(Header::value)
            .findFirst();
    if (length.isPresent() && Integer.parseInt(length.get()) != rest.length) {
      throw new IOException("Content-Length " + length.get() + " but " + rest.length + " bytes");
    }
    return new Response(status, headers, rest);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Reads a stream fully; for tests that talk to child processes. */
  static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
