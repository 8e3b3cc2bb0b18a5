/** Segment descriptors and descriptor tables. */
@Export
@Version("1.0.0")
package memwb.api.gdt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
