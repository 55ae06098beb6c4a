package lianxin.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * A test class left out of {@code scripts/test fast}: a real browser, FFmpeg end to end, more than one server
 * process, a kill or a restart, or a large corpus. Each of its tests gets ten minutes (the slowest take about two
 * on a loaded 2-core machine), so a hang fails with a message instead of holding CI.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public @interface Slow {
}
