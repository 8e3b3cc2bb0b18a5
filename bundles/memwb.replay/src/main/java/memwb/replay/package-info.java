/**
 * Malloc-lab trace replay: {@link memwb.replay.TraceReader} reads traces, {@link memwb.replay.Replayer}
 * runs them against heaps (checked pass, then timed passes) and {@link memwb.replay.Comparison} makes
 * the tables. Exported so the workbench can replay in the background with progress and Cancel.
 */
@Export
@Version("1.0.0")
package memwb.replay;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
