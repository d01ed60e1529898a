package dev.tskafka.quickstart;

/** The quickstart as the README runs it: JSON samples. */
class QuickstartJsonIT extends QuickstartRunChecks {
  QuickstartJsonIT() {
    super("json");
  }
}
