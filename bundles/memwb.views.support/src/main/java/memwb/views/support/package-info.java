/**
 * What every view shares: follow the current machine (poll its version off the UI thread, load the
 * view's model in the background, show it on the UI thread), and run one-off model work the same way.
 */
@Export
@Version("1.0.0")
package memwb.views.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
