package lianxin.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets for the job scheduler's JDBC connections that go straight to PostgreSQL, as the reactive client's do,
 * without consulting the JVM's proxy settings (a SOCKS proxy meant for outbound web traffic must not carry them).
 */
public final class DirectSockets extends SocketFactory {

  public DirectSockets() {
    // instantiated by the PostgreSQL driver (socketFactory property)
  }

  @Override
  public Socket createSocket() {
    return new Socket(Proxy.NO_PROXY);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connect(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connect(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connect(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return connect(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connect(InetSocketAddress address) throws IOException {
    return connect(address, null);
  }

  /** {@code local} null: any local address, as the plain overloads ask. */
  private Socket connect(InetSocketAddress address, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
    if (local != null) {
      socket.bind(local);
    }
    socket.connect(address);
    return socket;
  }
}
