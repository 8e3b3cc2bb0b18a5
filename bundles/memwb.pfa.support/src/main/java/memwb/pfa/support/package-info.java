/** Shared by frame allocator implementations: the adopt contract of FrameAllocatorProvider, done once. */
@Export
@Version("1.0.0")
package memwb.pfa.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
