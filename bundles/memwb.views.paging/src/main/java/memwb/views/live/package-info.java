/** What every live view needs: follow the current machine, poll its version, load off the UI thread. */
@Export
@Version("1.0.0")
package memwb.views.live;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
