/** Shared by frame allocator implementations: the adopt contract of FrameAllocatorProvider, exported states as runs, and the argument checks, each done once. */
@Export
@Version("1.1.0")
package memwb.pfa.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
