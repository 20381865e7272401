#!/usr/bin/python3
"""A real RTSP camera on this machine: GStreamer's RTSP server streaming live H.264.

It serves rtsp://HOST:PORT/PATH from a test pattern, or from a directory of JPEG pictures played in a loop at
--fps (frame-00000.jpg, frame-00001.jpg, ...), encoded by x264 tuned for low latency with a key frame every
second, so a client that connects or reconnects shows a picture within a second. Each client gets a pipeline of
its own, as a camera gives each viewer its own session. Prints one line "ready rtsp://..." once it accepts
connections, and serves until it is killed.

Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0 (whose server library brings GStreamer's base, good and bad
plugins) and gstreamer1.0-plugins-ugly for x264 (.ci/run installs them).
--check only says whether they are there: exit 0, or 3 with what is missing on stderr.

  scripts/rtsp-camera.py --port 8554 --path camera
  scripts/rtsp-camera.py --port 8554 --path lobby --pictures /tmp/lobby --fps 10
"""
import argparse
import signal
import sys

ELEMENTS = ["videotestsrc", "multifilesrc", "jpegdec", "videoconvert", "x264enc", "rtph264pay"]
MISSING_EXIT = 3


def load_gstreamer():
    """GStreamer and its RTSP server, or None with the reason on stderr."""
    try:
        import gi
        gi.require_version("Gst", "1.0")
        gi.require_version("GstRtspServer", "1.0")
        from gi.repository import GLib, Gst, GstRtspServer
    except (ImportError, ValueError) as e:
        print("rtsp-camera: GStreamer's RTSP server is not installed (python3-gi, gir1.2-gst-rtsp-server-1.0): "
              + str(e), file=sys.stderr)
        return None
    Gst.init(None)
    missing = [name for name in ELEMENTS if Gst.ElementFactory.find(name) is None]
    if missing:
        print("rtsp-camera: GStreamer elements missing: " + ", ".join(missing)
              + " (gstreamer1.0-plugins-base, -good, -bad and -ugly)", file=sys.stderr)
        return None
    return GLib, Gst, GstRtspServer


def pipeline(args):
    if args.pictures:
        source = (f"multifilesrc location={args.pictures}/frame-%05d.jpg loop=true"
                  f" caps=image/jpeg,framerate={args.fps}/1 ! jpegdec ! videoconvert")
    else:
        source = (f"videotestsrc is-live=true pattern=ball"
                  f" ! video/x-raw,width={args.width},height={args.height},framerate={args.fps}/1")
    # no B-frames, so no reordering delay; OpenH264 (plugins-bad, no extra package) was tried: FFmpeg took 3 s to
    # open its stream whatever the probe
    encoder = (f"x264enc tune=zerolatency speed-preset=ultrafast bframes=0 key-int-max={args.fps}"
               f" ! video/x-h264,profile=baseline")
    # config-interval=-1: parameter sets with every key frame, so a late or returning client can decode at once
    return f"( {source} ! {encoder} ! rtph264pay name=pay0 pt=96 config-interval=-1 )"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--path", default="camera", help="the stream's path, without the leading slash")
    parser.add_argument("--fps", type=int, default=10)
    parser.add_argument("--pictures", help="directory of frame-NNNNN.jpg pictures to loop; a test pattern if unset")
    parser.add_argument("--width", type=int, default=320, help="test pattern width")
    parser.add_argument("--height", type=int, default=240, help="test pattern height")
    parser.add_argument("--check", action="store_true", help="only check that GStreamer's parts are installed")
    parser.add_argument("--stop-with-stdin", action="store_true",
                        help="stop when standard input closes: a test's camera then dies with the test")
    args = parser.parse_args()

    loaded = load_gstreamer()
    if loaded is None:
        return MISSING_EXIT
    if args.check:
        return 0
    GLib, Gst, GstRtspServer = loaded

    server = GstRtspServer.RTSPServer()
    server.set_address(args.host)
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(pipeline(args))
    server.get_mount_points().add_factory("/" + args.path, factory)
    if server.attach(None) == 0:
        print(f"rtsp-camera: cannot listen on {args.host}:{args.port}", file=sys.stderr)
        return 1
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    if args.stop_with_stdin:
        # nothing is ever written: the pipe only becomes readable (at its end) or hung up when the parent is gone
        GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IOCondition.IN | GLib.IOCondition.HUP,
                          lambda *_: loop.quit())
    print(f"ready rtsp://{args.host}:{args.port}/{args.path}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
