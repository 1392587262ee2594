// Package walvfs registers an SQLite VFS, "esahayak-walbatch", that wraps
// the default one and writes each commit's WAL frames in a few large
// writes instead of two small ones per frame.
//
// Why: modernc.org/sqlite (pure Go, transpiled C) writes every WAL frame
// as two pwrite calls, its 24-byte header and then its page, about 41
// frames (82 system calls) per group commit of the server. On machines
// whose system calls are dear that was 7-8 % of the server's CPU per
// delivery (docs/performance.md, "41 frames"). Gathering the frames of a
// commit in a buffer and writing them in one call per 128 KiB takes that
// back without patching the driver's generated code.
//
// What it keeps: SQLite's own order of bytes on disk and its durability
// points. Buffered bytes are written before anything could depend on
// them: inside the xWrite of a commit frame (so the frame is on the file
// before SQLite publishes it in the wal-index for readers), before any
// other method of the WAL file (a read of a spilled page, a sync, a
// truncate), and before any shared-memory lock change of a database
// opened through this VFS (see the shm hook in walvfs.go). A process
// killed at any moment has lost at most bytes of a transaction that had
// not committed, which SQLite's WAL checksums already make it ignore.
//
// It is only built on Linux on amd64, the platform it is tested on;
// elsewhere [Register] returns "" and the driver uses SQLite's default VFS.
package walvfs
