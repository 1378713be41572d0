package com.example.users.benchmark;

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

  /** Received bytes not consumed yet: {@code buffer[start..end)}. */
  private byte[] buffer = new byte[16 * 1024];

  private int start;
  private int end;

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
    byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] request = headBytes;
    if (jsonBody != null) {
      request = java.util.Arrays.copyOf(headBytes, headBytes.length + jsonBody.length);
      System.arraycopy(jsonBody, 0, request, headBytes.length, jsonBody.length);
    }
    out.write(request);
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
    in = socket.getInputStream();
    out = socket.getOutputStream();
    start = 0;
    end = 0;
  }

  /** Reads more of the response into the buffer, after what is not consumed yet. */
  private void fill() throws IOException {
    if (start == end) {
      start = 0;
      end = 0;
    } else if (end == buffer.length) {
      if (start == 0) {
        buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
      } else {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
      }
    }
    int n = in.read(buffer, end, buffer.length - end);
    if (n < 0) {
      throw new java.io.EOFException("Connection closed in a response");
    }
    end += n;
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      if (start == end) {
        fill();
      }
      int taken = (int) Math.min(left, end - start);
      start += taken;
      left -= taken;
    }
  }

  /** The next line without its CRLF (or LF), or null if the connection closed before one. */
  private String line() throws IOException {
    int scanned = start;
    while (true) {
      for (int i = scanned; i < end; i++) {
        if (buffer[i] == '\n') {
          int stop = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
          String s = new String(buffer, start, stop - start, StandardCharsets.US_ASCII);
          start = i + 1;
          return s;
        }
      }
      scanned = end - start;
      try {
        fill();
      } catch (java.io.EOFException e) {
        return null;
      }
      scanned = start + scanned;
    }
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
