/** Physical memory and the firmware memory map. */
@Export
@Version("1.1.0")
package memwb.api.ram;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
