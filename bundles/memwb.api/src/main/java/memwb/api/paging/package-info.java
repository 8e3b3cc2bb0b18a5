/** x86 paging modes: entry formats, index splits, canonical rules. */
@Export
@Version("1.0.0")
package memwb.api.paging;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
