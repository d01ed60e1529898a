package dev.tskafka.quickstart;

import dev.tskafka.quickstart.scenario.Scenario;
import dev.tskafka.streams.config.PipelineConfig;
import java.util.List;

/**
 * A scenario as deployed: its streams pipeline, and the connectors (named after their config/
 * files) with the Timestream tables they write the raw samples and the aggregates to.
 */
record ScenarioSetup(
    Scenario scenario,
    PipelineConfig pipeline,
    List<String> connectors,
    TableRef rawTable,
    TableRef aggregatesTable) {

  /** A Timestream table. */
  record TableRef(String database, String table) {
    @Override
    public String toString() {
      return database + "." + table;
    }
  }
}
