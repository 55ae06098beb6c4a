package lianxin.http;

/** The pages' policy as SecurityHeaders builds it, for tests in other packages. */
public final class SecurityHeadersProbe {

  private SecurityHeadersProbe() {
  }

  public static String policy(String mediaOrigin) {
    return SecurityHeaders.csp(mediaOrigin);
  }
}
