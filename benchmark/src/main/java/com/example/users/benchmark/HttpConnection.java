package com.example.users.benchmark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one kept-alive loopback connection: the load generator's, so that
 * the client costs as little CPU as possible on a machine it shares with the server. It reconnects
 * when the server closes the connection. Not thread-safe: one per load thread.
 */
final class HttpConnection implements AutoCloseable {

  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  HttpConnection(int port) {
    this.port = port;
  }

  /** Sends a request and reads the whole response; returns the status code. */
  int send(String method, String path, byte[] jsonBody) throws IOException {
    if (socket == null) {
      connect();
    }
    StringBuilder head = new StringBuilder(128);
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: localhost:").append(port).append("\r\n");
    if (jsonBody != null) {
      head.append("Content-Type: application/json\r\n");
    }
    head.append("Content-Length: ")
        .append(jsonBody == null ? 0 : jsonBody.length)
        .append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    if (jsonBody != null) {
      out.write(jsonBody);
    }
    out.flush();
    String status = line();
    if (status == null || !status.startsWith("HTTP/1.1 ")) {
      close();
      throw new IOException("Bad status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        closeAfter = true;
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(line().trim(), 16); size > 0; ) {
        skip(size);
        line();
        size = Long.parseLong(line().trim(), 16);
      }
      line();
    } else if (length > 0) {
      skip(length);
    }
    if (closeAfter) {
      close();
    }
    return code;
  }

  private void connect() throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("Connection closed in a response body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String s = buf.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buf.write(b);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      Socket s = socket;
      socket = null;
      s.close();
    }
  }
}
