package com.example.users.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator's HTTP client against a scripted server that sends its responses in pieces of
 * a few bytes, so that a status line, a header and a body each arrive over several reads.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpConnectionTests {

  private ServerSocket listener;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Integer> connections = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws IOException {
    if (listener != null) {
      listener.close();
    }
  }

  /** Serves each accepted connection the given responses in turn, one per request read. */
  private int serve(List<String> responses) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              int next = 0;
              try {
                while (next < responses.size()) {
                  try (Socket s = listener.accept()) {
                    connections.add(next);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    while (next < responses.size()) {
                      String request = readRequest(in);
                      if (request == null) {
                        break;
                      }
                      requests.add(request);
                      String response = responses.get(next++);
                      byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
                      for (int i = 0; i < bytes.length; i += 3) {
                        out.write(bytes, i, Math.min(3, bytes.length - i));
                        out.flush();
                      }
                      if (response.toLowerCase().contains("connection: close")) {
                        break;
                      }
                    }
                  }
                }
              } catch (IOException e) {
                // the test closed the listener
              }
            },
            "scripted-server");
    t.setDaemon(true);
    t.start();
    return listener.getLocalPort();
  }

  /** One request: head and, by its Content-Length, body; null at the end of the stream. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      String text = head.toString(StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n\r\n")) {
        int length = 0;
        for (String line : text.split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Test
  void readsResponsesSplitAcrossReadsOnOneKeptAliveConnection() throws IOException {
    String body = "{\"username\":\"ann\",\"email\":\"ann@example.com\"}";
    List<String> responses = new ArrayList<>();
    responses.add(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body);
    responses.add("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");
    responses.add("HTTP/1.1 204 No Content\r\n\r\n");
    responses.add(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n");
    responses.add("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    int port = serve(responses);
    try (HttpConnection c = new HttpConnection(port)) {
      assertThat(c.send("POST", "/users", body.getBytes(StandardCharsets.UTF_8))).isEqualTo(201);
      assertThat(c.send("GET", "/users/bob", null)).isEqualTo(404);
      assertThat(c.send("DELETE", "/users/ann", null)).isEqualTo(204);
      assertThat(c.send("GET", "/chunked", null)).isEqualTo(200);
      // Had a body byte been left unread, this status line would not parse.
      assertThat(c.send("GET", "/users/ann", null)).isEqualTo(200);
    }
    assertThat(connections).hasSize(1);
    assertThat(requests.get(0))
        .startsWith("POST /users HTTP/1.1\r\n")
        .contains("Content-Type: application/json\r\n")
        .contains("Content-Length: " + body.length() + "\r\n")
        .endsWith("\r\n\r\n" + body);
    assertThat(requests.get(1)).startsWith("GET /users/bob HTTP/1.1\r\n");
  }

  @Test
  void reconnectsAfterTheServerSaysItCloses() throws IOException {
    int port =
        serve(
            List.of(
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    try (HttpConnection c = new HttpConnection(port)) {
      assertThat(c.send("GET", "/a", null)).isEqualTo(200);
      assertThat(c.send("GET", "/b", null)).isEqualTo(200);
    }
    assertThat(connections).hasSize(2);
  }

  @Test
  void refusesWhatIsNotAnHttpResponse() throws IOException {
    int port = serve(List.of("SSH-2.0-OpenSSH\r\n"));
    try (HttpConnection c = new HttpConnection(port)) {
      assertThatThrownBy(() -> c.send("GET", "/", null))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("SSH-2.0-OpenSSH");
    }
  }
}
