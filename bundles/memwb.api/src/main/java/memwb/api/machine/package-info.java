/** The emulated machine: boot, the services it is built from, its events. */
@Export
@Version("1.3.0")
package memwb.api.machine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
