/** What every heap shares: the heap range as the VMM maps it, reached only through the MMU. */
@Export
@Version("1.0.0")
package memwb.heap.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
