package dev.tskafka.quickstart.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seed's third example: price and volume per symbol, one multi-measure record per trade. Prices
 * follow a random walk with 1.5% daily volatility; one symbol gaps up 6% on news, with heavy volume
 * for a quarter of an hour.
 */
public final class StockPrices implements Scenario {
  private static final String[] SYMBOLS = {"AAPL", "GOOGL", "MSFT", "AMZN"};
  private static final double[] OPENING = {190.0, 140.0, 410.0, 180.0};
  private static final double DAILY_VOLATILITY = 0.015;

  static final String GAPPING_SYMBOL = "AAPL";
  static final double INCIDENT_PHASE = 0.6;
  static final double GAP = 1.06;
  static final Duration HEAVY_VOLUME = Duration.ofMinutes(15);

  private final double[] price = OPENING.clone();
  private final long[] lastTrade = new long[SYMBOLS.length];
  private boolean gapped;
  private int next;

  @Override
  public String name() {
    return "stock-prices";
  }

  @Override
  public String topic() {
    return "market.ticks";
  }

  @Override
  public String streamsConfig() {
    return "streams-stock-prices.properties";
  }

  @Override
  public List<String> connectorConfigs() {
    return List.of("connector-stock-prices.json", "connector-stock-prices-aggregates.json");
  }

  @Override
  public Sample next(long timeMs, Timeline timeline, Random random) {
    int s = next++ % SYMBOLS.length;
    String symbol = SYMBOLS[s];
    long elapsed = lastTrade[s] == 0 ? 0 : timeMs - lastTrade[s];
    lastTrade[s] = timeMs;
    price[s] *=
        Math.exp(DAILY_VOLATILITY * Math.sqrt(Shapes.days(elapsed)) * random.nextGaussian());
    boolean news = symbol.equals(GAPPING_SYMBOL) && timeMs >= timeline.at(INCIDENT_PHASE);
    if (news && !gapped) {
      price[s] *= GAP;
      gapped = true;
    }
    double volume = 1_200 * (1 + 0.5 * Math.abs(Shapes.diurnal(timeMs)));
    volume *= Math.exp(0.5 * random.nextGaussian());
    if (news && Shapes.during(timeline, timeMs, INCIDENT_PHASE, HEAVY_VOLUME)) {
      volume *= 8;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("symbol", symbol);
    fields.put("price", Shapes.round(price[s], 2));
    fields.put("volume", Math.round(volume));
    fields.put("timestamp", timeMs);
    return new Sample(symbol, fields);
  }

  @Override
  public Incident incident() {
    return new Incident(
        GAPPING_SYMBOL + " gaps up 6% on heavy volume at 60% of the run",
        Map.of("symbol", GAPPING_SYMBOL),
        "change_percent:price.mean",
        INCIDENT_PHASE,
        HEAVY_VOLUME);
  }
}
