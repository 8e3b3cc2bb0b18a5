/** Address spaces, translation, the TLB and page faults. */
@Export
@Version("1.1.0")
package memwb.api.vmm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
