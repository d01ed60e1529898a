package dev.tskafka.kafkalocal;

import java.util.List;

/**
 * The state of a connector and its tasks, as {@code GET /connectors/{name}/status} reports it.
 *
 * @param name the connector name
 * @param state {@code UNASSIGNED}, {@code RUNNING}, {@code PAUSED}, {@code STOPPED} or {@code
 *     FAILED}
 * @param trace the stack trace of a failed connector, else {@code null}
 * @param tasks the tasks, in id order
 */
public record ConnectorStatus(String name, String state, String trace, List<TaskStatus> tasks) {

  public ConnectorStatus {
    tasks = List.copyOf(tasks);
  }

  private static final String RUNNING = "RUNNING";
  private static final String FAILED = "FAILED";

  /**
   * The state of one task.
   *
   * @param id the task id
   * @param state the task state, with the same values as the connector's
   * @param trace the stack trace of a failed task, else {@code null}
   * @param workerId the worker that runs it ({@code host:port})
   */
  public record TaskStatus(int id, String state, String trace, String workerId) {}

  /** Whether the connector and all of its tasks, of which there is at least one, are running. */
  public boolean isRunning() {
    return RUNNING.equals(state)
        && !tasks.isEmpty()
        && tasks.stream().allMatch(task -> RUNNING.equals(task.state()));
  }

  /** Whether the connector or any of its tasks has failed. */
  public boolean hasFailed() {
    return FAILED.equals(state) || tasks.stream().anyMatch(task -> FAILED.equals(task.state()));
  }
}
