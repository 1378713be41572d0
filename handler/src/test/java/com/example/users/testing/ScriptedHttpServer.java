package com.example.users.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A loopback HTTP/1.1 server for tests of the HTTP path below the SDK: it records every request
 * that reaches it and answers each as its script says, by the request's number (0, 1, …): an answer
 * on a kept-alive connection, an answer after which it closes the connection without saying so, or
 * a reset instead of an answer (a lost answer: the request arrived, nothing came back).
 */
public final class ScriptedHttpServer implements AutoCloseable {

  /** One request as the server read it, and the connection (0, 1, …) it came on. */
  public record Received(
      int connection, String requestLine, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What the server does with one request. */
  public record Reply(int status, String body, boolean closeAfter, boolean resetInstead) {

    /** 200 with this JSON body, the connection kept alive. */
    public static Reply ok(String json) {
      return new Reply(200, json, false, false);
    }

    /** This status and JSON body, the connection kept alive. */
    public static Reply status(int status, String json) {
      return new Reply(status, json, false, false);
    }

    /** A reset of the connection instead of an answer. */
    public static Reply reset() {
      return new Reply(0, "", false, true);
    }

    /** The same answer, then the connection closed without a {@code Connection: close}. */
    public Reply thenClose() {
      return new Reply(status, body, true, false);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ServerSocket socket;
  private final IntFunction<Reply> script;

  /** Starts listening on a free loopback port. */
  public ScriptedHttpServer(IntFunction<Reply> script) throws IOException {
    this.script = script;
    this.socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "scripted-http-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
  }

  /** The requests that reached the server, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** How many connections were accepted. */
  public int connections() {
    return connections.get();
  }

  /** How many connections the server has closed (or reset). */
  public int closed() {
    return closed.get();
  }

  /** The first error the server met, if any (a test asserts there was none). */
  public Throwable failure() {
    return failure.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        int id = connections.getAndIncrement();
        Thread t = new Thread(() -> serve(s, id), "scripted-http-connection-" + id);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s, int id) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        String requestLine = line(in);
        if (requestLine == null) {
          return;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          int colon = h.indexOf(':');
          headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        byte[] body = in.readNBytes(length);
        int index;
        synchronized (received) {
          index = received.size();
          received.add(new Received(id, requestLine, headers, body));
        }
        Reply reply = script.apply(index);
        if (reply.resetInstead()) {
          s.setSoLinger(true, 0); // close with RST
          return;
        }
        byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
        out.write(
            ("HTTP/1.1 "
                    + reply.status()
                    + " Scripted\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: "
                    + answer.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(answer);
        out.flush();
        if (reply.closeAfter()) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      failure.compareAndSet(null, e);
    } finally {
      closed.incrementAndGet();
    }
  }

  /** A CRLF-terminated line, without it; null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c == '\n') {
        return b.toString().strip();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
