package lianxin.support;

import java.util.Arrays;
import java.util.List;

/** FFmpeg argument lists as the tests spell them: fixed parts joined in order. */
public final class Args {

  private Args() {
  }

  /** The parts one after the other, each element as text. */
  public static List<String> concat(List<?>... parts) {
    return Arrays.stream(parts).flatMap(List::stream).map(String::valueOf).toList();
  }
}
