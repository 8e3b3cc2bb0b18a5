/** Kernel heaps: malloc and free carving blocks out of VMM pages. */
@Export
@Version("1.3.0")
package memwb.api.heap;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
