package lianxin.archive.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import lianxin.archive.job.ArchiveQueue.Kind;
import lianxin.archive.job.ArchiveQueue;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.db.Refusal;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Text;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.media.MediaStore;
import lianxin.schedule.Numbering;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The back catalogue: {@code POST /api/rooms/{id}/imports {folder, csv}} reads {@code MEDIA_DIR/imports/<folder>/<csv>}
 * (columns file, title, column, aired_at, hosts) and creates one ended episode with a queued recording per line, all
 * in one transaction: any bad line and nothing is created, every bad line named.
 */
public record Imports(Vertx vertx, Pool pool, MediaStore store) {

  /** One good line of the CSV. */
  record Line(int line, Path file, String title, String column, OffsetDateTime airedAt, List<String> hosts) {
  }

  public void mount(Router router) {
    Bodies.json(router.post("/api/rooms/:id/imports")).handler(this::create);
  }

  private void create(RoutingContext ctx) {
    long roomId = Fields.pathId(ctx, "id", "room");
    User user = Access.require(ctx);
    JsonObject body = Fields.body(ctx);
    String folder = Fields.text(body, "folder", 200);
    String csv = Fields.text(body, "csv", 200);
    boolean confirm = Fields.flag(body, "confirmRenumber");
    List<String> linked = new ArrayList<>();
    pool.preparedQuery(ImportSql.ROOM).execute(Tuple.of(roomId))
      .compose(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("room", roomId);
        }
        ZoneId zone = ZoneId.of(rows.iterator().next().getString("timezone"));
        return Access.room(pool, user, roomId).compose(v -> vertx.executeBlocking(() -> read(folder, csv, zone), false));
      })
      // Originals are hard links (or copies, across file systems) made before the transaction; dropped if it fails.
      .compose(lines -> vertx.executeBlocking(() -> link(lines, linked), false).map(lines))
      .compose(lines -> Tx.as(pool, user, conn -> conn.preparedQuery(ImportSql.LOCK_ROOM).execute(Tuple.of(roomId))
        .compose(locked -> Numbering.guarded(conn, roomId, confirm, () -> insert(conn, roomId, lines, linked)))))
      .onSuccess(done -> Replies.send(ctx, 201, new JsonObject().put("items", done.result()).put("renumbered", done.renumbered())))
      .onFailure(e -> vertx.executeBlocking(() -> {
        for (String key : linked) {
          store.delete(key);
        }
        return null;
      }, false).onComplete(x -> ctx.fail(e)));
  }

  /** Parses and checks every line before anything is written; all problems at once, by line. */
  List<Line> read(String folder, String csvName, ZoneId zone) throws IOException {
    Path imports = store.path("imports");
    Path dir = imports.resolve(folder).normalize();
    if (!dir.startsWith(imports) || !Files.isDirectory(dir) || !dir.toRealPath().startsWith(imports.toRealPath())) {
      throw ApiException.invalid("folder", "folder 须是 MEDIA_DIR/imports 下已有的文件夹。", "folder must be an existing folder inside MEDIA_DIR/imports.");
    }
    Path csvFile = inside(dir, csvName);
    if (csvFile == null || !Files.isRegularFile(csvFile)) {
      throw ApiException.invalid("csv", "csv 须是该文件夹里的 CSV 文件名。", "csv must name a CSV file in that folder.");
    }
    List<Line> lines = new ArrayList<>();
    JsonArray errors = new JsonArray();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get();
    try (Reader in = Files.newBufferedReader(csvFile)) {
      for (CSVRecord r : format.parse(new SkipBom(in))) {
        int line = (int) r.getRecordNumber() + 1; // the header is line 1
        List<JsonObject> problems = new ArrayList<>();
        String fileName = get(r, "file");
        Path file = fileName.isEmpty() ? null : inside(dir, fileName);
        if (file == null || !Files.isRegularFile(file) || Files.size(file) == 0) {
          problems.add(Text.of("file：文件夹里没有这个文件（或为空）：" + fileName + "。",
            "file: no such (non-empty) file in the folder: " + fileName).json());
        }
        String title = get(r, "title");
        if (title.isEmpty() || title.codePointCount(0, title.length()) > 200 || !Fields.isLine(title)) {
          problems.add(Text.of("title：须为一行 1–200 个字符，不含控制字符。",
            "title: must be one line of 1 to 200 characters, without control characters.").json());
        }
        String column = get(r, "column");
        if (column.codePointCount(0, column.length()) > 50 || !Fields.isLine(column)) {
          problems.add(Text.of("column：须为一行，最多 50 个字符，不含控制字符。",
            "column: must be one line of at most 50 characters, without control characters.").json());
        }
        OffsetDateTime aired = airedAt(get(r, "aired_at"), zone);
        if (aired == null) {
          problems.add(Text.of("aired_at：须为 2019-05-01T19:30:00+08:00 或直播间时区的 2019-05-01 19:30，在 " + Fields.EARLIEST + " 到 " + Fields.latest() + " 之间。",
            "aired_at: must be a date-time with offset, or a local one in the room's zone, from " + Fields.EARLIEST + " to " + Fields.latest() + ".").json());
        }
        List<String> hosts = new ArrayList<>();
        for (String h : get(r, "hosts").split("[;；、,，]")) {
          if (!h.isBlank() && !hosts.contains(h.strip())) {
            hosts.add(h.strip());
          }
        }
        if (hosts.stream().anyMatch(h -> h.codePointCount(0, h.length()) > 100 || !Fields.isLine(h))) {
          problems.add(Text.of("hosts：每个名字须为一行，最多 100 个字符，不含控制字符。",
            "hosts: each name must be one line of at most 100 characters, without control characters.").json());
        }
        if (problems.isEmpty()) {
          lines.add(new Line(line, file, title, column.isEmpty() ? null : column, aired, hosts));
        } else {
          errors.add(new JsonObject().put("line", line).put("problems", new JsonArray(problems)));
        }
      }
    } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
      throw ApiException.invalid("csv", "CSV 无法读取：" + e.getMessage() + "。", "The CSV cannot be read: " + e.getMessage());
    }
    if (!errors.isEmpty()) {
      throw new ApiException(422, "invalid", "CSV 有 " + errors.size() + " 行有问题，什么都没有导入。",
        errors.size()
        + " line(s) of the CSV are wrong; nothing was imported.", new JsonObject().put("lines", errors));
    }
    if (lines.isEmpty()) {
      throw ApiException.invalid("csv", "CSV 没有数据行。", "The CSV has no lines to import.");
    }
    return lines;
  }

  private List<String> link(List<Line> lines, List<String> linked) throws IOException {
    for (Line l : lines) {
      String key = "originals/" + UUID.randomUUID();
      Path target = store.path(key);
      Files.createDirectories(target.getParent());
      try {
        Files.createLink(target, l.file());
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(l.file(), target);
      }
      linked.add(key);
      store.put(key, target); // in place for the local folder; uploaded to a bucket (and the working copy dropped)
      store.release(key);
    }
    return linked;
  }

  /**
   * Rows one line at a time, so a clash PostgreSQL finds is reported with its line. Numbers in aired order: into the
   * room's offset (the episodes aired before Lianxin) when they fit there, else after the highest aired number. With
   * the room's row held; a number residents have seen that moves needs {@code confirmRenumber} (Numbering#guarded).
   */
  private Future<JsonArray> insert(SqlConnection conn, long roomId, List<Line> lines, List<String> keys) {
    List<Line> ordered = new ArrayList<>(lines);
    ordered.sort(java.util.Comparator.comparing(Line::airedAt).thenComparing(Line::line));
    JsonArray created = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (Line l : ordered) {
      String key = keys.get(lines.indexOf(l));
      chain = chain.compose(v -> one(conn, roomId, l, key)
        .recover(e -> Future.failedFuture(lineError(l, e)))
        .map(row -> {
          created.add(row);
          return null;
        }));
    }
    return chain
      .compose(v -> conn.preparedQuery(ImportSql.NUMBER).execute(Tuple.of(roomId, (Object) created.stream()
        .map(o -> ((JsonObject) o).getLong("episodeId")).toArray(Long[]::new))))
      .compose(numbered -> {
        java.util.Map<Long, Integer> numbers = new java.util.HashMap<>();
        numbered.forEach(r -> numbers.put(r.getLong("id"), r.getInteger("number")));
        created.forEach(o -> ((JsonObject) o).put("number", numbers.get(((JsonObject) o).getLong("episodeId"))));
        return Numbering.renumber(conn, roomId);
      })
      .map(created);
  }

  private Future<JsonObject> one(SqlConnection conn, long roomId, Line l, String key) throws RuntimeException {
    Future<Long> column = l.column() == null ? Future.succeededFuture(null)
      : conn.preparedQuery(ImportSql.COLUMN).execute(Tuple.of(roomId, l.column())).map(r -> r.iterator().next().getLong("id"));
    return column
      .compose(columnId -> conn.preparedQuery(ImportSql.EPISODE).execute(Tuple.of(roomId, columnId, l.title(), l.airedAt())))
      .map(r -> r.iterator().next().getLong("id"))
      .compose(episodeId -> {
        Future<Void> hosts = Future.succeededFuture();
        for (String name : l.hosts()) {
          hosts = hosts.compose(v -> conn.preparedQuery(ImportSql.HOST).execute(Tuple.of(episodeId, name)).mapEmpty());
        }
        return hosts.compose(v -> conn.preparedQuery(ImportSql.RECORDING).execute(Tuple.of(episodeId, l.file().getFileName().toString(), key, sizeOf(l.file()))))
          .compose(r -> {
            long recordingId = r.iterator().next().getLong("id");
            return ArchiveQueue.enqueue(conn, Kind.RECORDING, recordingId)
              .map(x -> new JsonObject().put("line", l.line()).put("episodeId", episodeId).put("recordingId", recordingId));
          });
      });
  }

  /** A constraint PostgreSQL enforced, told with the line it came from; anything else stays what it was. */
  private static Throwable lineError(Line l, Throwable e) {
    Refusal refusal = Refusal.of(e);
    if (refusal == null || refusal == Refusal.BAD_VALUE || refusal == Refusal.CONCURRENT) {
      return e;
    }
    Text why = refusal == Refusal.OVERLAP
      ? Text.of("与本直播间另一期节目或主持人的时间重叠。", "overlaps another episode of the room, or another booking of a host.")
      : Text.of(e.getMessage(), e.getMessage());
    boolean clash = refusal == Refusal.OVERLAP || refusal == Refusal.DUPLICATE;
    return new ApiException(clash ? 409 : 422, clash ? "conflict" : "invalid", "第 " + l.line() + " 行：" + why.zh() + "未导入任何内容。",
      "Line " + l.line() + ": " + why.en() + " Nothing was imported.", new JsonObject().put("lines", new JsonArray()
      .add(new JsonObject().put("line", l.line()).put("problems", new JsonArray().add(why.json())))));
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A plain name inside {@code dir}; null for anything that could reach outside it. */
  private static Path inside(Path dir, String name) {
    if (name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".") || name.isEmpty()) {
      return null;
    }
    Path p = dir.resolve(name).normalize();
    return p.getParent().equals(dir) ? p : null;
  }

  private static String get(CSVRecord r, String column) {
    String alt = column.replace('_', '-');
    String v = r.isMapped(column) ? r.get(column) : r.isMapped(alt) ? r.get(alt) : "";
    return v == null ? "" : v.strip();
  }

  /** The time, or null when it is unreadable or outside the window every date keeps to ({@link Fields#plausible}). */
  static OffsetDateTime airedAt(String raw, ZoneId zone) {
    OffsetDateTime at;
    try {
      at = OffsetDateTime.parse(raw);
    } catch (DateTimeParseException e) {
      try {
        at = LocalDateTime.parse(raw.replace(' ', 'T')).atZone(zone).toOffsetDateTime();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
    return Fields.plausible(at.toLocalDate()) ? at : null;
  }

  /** Spreadsheets save CSV with a byte-order mark, which would otherwise end up in the first header's name. */
  private static final class SkipBom extends java.io.FilterReader {
    private boolean first = true;

    SkipBom(Reader in) {
      super(in);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (first && n > 0) {
        first = false;
        if (buf[off] == '\uFEFF') {
          System.arraycopy(buf, off + 1, buf, off, n - 1);
          return n - 1;
        }
      }
      return n;
    }
  }
}
