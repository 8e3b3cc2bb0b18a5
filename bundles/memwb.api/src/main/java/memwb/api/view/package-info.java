/** Workbench views contributed as services (SWT). */
@Export
@Version("1.1.0")
package memwb.api.view;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
