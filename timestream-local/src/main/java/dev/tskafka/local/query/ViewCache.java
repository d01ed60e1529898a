package dev.tskafka.local.query;

import dev.tskafka.local.store.Table;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The latest {@link TableView} of each table, rebuilt when the table has changed since. A dropped
 * table's view goes with the table (weak keys).
 */
final class ViewCache {
  private final Map<Table, TableView> views = new WeakHashMap<>();

  TableView view(Table table) {
    synchronized (views) {
      TableView cached = views.get(table);
      if (cached != null && cached.modifications() == table.modifications()) {
        return cached;
      }
    }
    // Built outside the cache's lock: a big table's view must not hold up queries of others.
    TableView fresh = TableView.of(table.contents());
    synchronized (views) {
      TableView cached = views.get(table);
      if (cached == null || cached.modifications() < fresh.modifications()) {
        views.put(table, fresh);
      }
    }
    return fresh;
  }
}
