/** Physical page frame allocators. */
@Export
@Version("1.0.0")
package memwb.api.pfa;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
