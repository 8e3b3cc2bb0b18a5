/**
 * Scenario files (a machine spec plus steps with expectations) read, run step by step and reported:
 * what the console's {@code scenario FILE}, {@code memwb --run FILE} and the Scenario view share.
 */
@Export
@Version("1.0.0")
package memwb.scenario;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
