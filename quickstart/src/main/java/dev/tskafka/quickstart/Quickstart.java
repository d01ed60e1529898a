package dev.tskafka.quickstart;

/** The whole pipeline on loopback, on the seed document's scenarios. */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {}
}
