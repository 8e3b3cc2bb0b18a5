/** Shared by frame allocator implementations: the adopt contract of FrameAllocatorProvider, exported states as runs, the argument checks and refusals and whole-table scans, each done once. */
@Export
@Version("1.2.0")
package memwb.pfa.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
