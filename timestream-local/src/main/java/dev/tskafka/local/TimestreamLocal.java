package dev.tskafka.local;

import com.sun.net.httpserver.HttpServer;
import dev.tskafka.local.admin.AdminHandler;
import dev.tskafka.local.control.ControlPlane;
import dev.tskafka.local.faults.FaultInjector;
import dev.tskafka.local.faults.FaultSettings;
import dev.tskafka.local.query.QueryApi;
import dev.tskafka.local.query.QueryEngine;
import dev.tskafka.local.store.Catalog;
import dev.tskafka.local.store.RowPage;
import dev.tskafka.local.store.RowQuery;
import dev.tskafka.local.write.WriteRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Timestream Write endpoint on this machine: the AWS SDK talks to it through {@code
 * endpointOverride(local.endpoint())}. Embedded use:
 *
 * <pre>{@code
 * try (TimestreamLocal local = TimestreamLocal.builder().start()) {
 *   TimestreamWriteClient client = TimestreamWriteClient.builder()
 *       .endpointOverride(local.endpoint()).region(Region.US_EAST_1) ... .build();
 *   ...
 *   local.rows("db", "table", RowQuery.ALL);
 * }
 * }</pre>
 */
public final class TimestreamLocal implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final Catalog catalog;
  private final FaultInjector faults;
  private final QueryEngine queries;

  private TimestreamLocal(
      HttpServer server,
      ExecutorService executor,
      Catalog catalog,
      FaultInjector faults,
      QueryEngine queries) {
    this.server = server;
    this.executor = executor;
    this.catalog = catalog;
    this.faults = faults;
    this.queries = queries;
  }

  /**
   * Runs one trivial query, so that the SQL engine's classes are loaded and compiled before the
   * first user query (which otherwise takes ~2 s longer than the next).
   */
  public void warmUpQueries() {
    queries.run("SELECT 1 AS warm_up");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The endpoint to give the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:4566}.
   */
  public URI endpoint() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Databases, tables and rows, for inspection and for tests. */
  public Catalog catalog() {
    return catalog;
  }

  /** The fault injector: change latency and error rates at run time. */
  public FaultInjector faults() {
    return faults;
  }

  /** The rows of a table that match {@code query}, in time order. */
  public RowPage rows(String database, String table, RowQuery query) {
    return catalog.table(database, table).rows(query);
  }

  /** Drops every database, table and row, and clears the faults. */
  public void reset() {
    catalog.clear();
    faults.reset();
  }

  /** Stops serving; in-flight requests get a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    catalog.close();
  }

  /** Options for a {@link TimestreamLocal}; every one has a default. */
  /** The request-handling pool: daemon threads named {@code timestream-local-N}. */
  private static ExecutorService requestThreads(int threads) {
    AtomicInteger threadNumber = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "timestream-local-" + threadNumber.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private Path dataDir;
    private Clock clock = Clock.systemUTC();
    private String region = "us-east-1";
    private String accountId = "000000000000";
    private FaultSettings faults = FaultSettings.NONE;
    private int maxBodyBytes = 4 * 1024 * 1024;
    private int threads = 32;

    /** The address to bind; loopback by default. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port to bind; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Keeps data across restarts in this directory; in memory only when unset. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The clock that the memory-store time window and queries' now() are measured against. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    public Builder faults(FaultSettings faults) {
      this.faults = faults;
      return this;
    }

    /** Requests with larger bodies are refused with 413. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** Request-handling threads (latency injection holds one per request). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public TimestreamLocal start() {
      // Without TCP_NODELAY the JDK server's two writes per response meet the client's delayed ACK.
      System.setProperty("sun.net.httpserver.nodelay", "true");
      Catalog catalog;
      try {
        catalog = dataDir == null ? Catalog.inMemory() : Catalog.persistent(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open data directory " + dataDir, e);
      }
      FaultInjector injector = new FaultInjector(faults);
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(host, port), 256);
      } catch (IOException e) {
        catalog.close();
        throw new UncheckedIOException("Cannot bind " + host + ":" + port, e);
      }
      ExecutorService executor = requestThreads(threads);
      ControlPlane controlPlane = new ControlPlane(catalog, clock, region, accountId);
      QueryEngine queries = new QueryEngine(catalog, clock);
      server.createContext(
          "/",
          new AwsJsonHandler(
              controlPlane,
              new WriteRecords(catalog, clock),
              new QueryApi(queries),
              injector,
              maxBodyBytes));
      server.createContext("/_local/", new AdminHandler(catalog, injector));
      server.setExecutor(executor);
      server.start();
      return new TimestreamLocal(server, executor, catalog, injector, queries);
    }
  }
}
