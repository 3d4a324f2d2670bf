//! The hub's HTTP server (axum 0.8): one `POST` route per protocol message,
//! bodies are codec frames, a body size limit, bearer-token auth, and a
//! graceful shutdown on Ctrl-C / SIGTERM that lets in-flight batches commit
//! and answer first (a batch is acknowledged only after it committed).

use crate::error::{HubError, Result};
use crate::hub::{log_line, Hub};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use cunwu_core::clock::{Clock, SystemClock};
use cunwu_store::checkpointer::Checkpointer;
use cunwu_sync::protocol::{HubErrorBody, Wire};
use cunwu_sync::transport::{path, FRAME_CONTENT_TYPE};
use cunwu_sync::{codec, SyncError};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

/// Largest request body accepted (compressed bytes).
pub const MAX_BODY: usize = 32 << 20;

fn error_response(e: &HubError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&HubErrorBody {
        code: e.code().to_string(),
        message: e.to_string(),
    })
    .unwrap_or_default();
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

fn frame_response<M: Wire>(m: &M) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, FRAME_CONTENT_TYPE)],
        codec::encode(m),
    )
        .into_response()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    v.strip_prefix("Bearer ").map(|t| t.trim().to_string())
}

/// Decode, authenticate (unless `open`), run `f` on a blocking thread
/// (SQLite), and answer with a frame or `{code, message}`.
async fn handle<Req, Resp, F>(
    hub: Arc<Hub>,
    headers: HeaderMap,
    body: Bytes,
    open: bool,
    f: F,
) -> Response
where
    Req: Wire + DeserializeOwned + Send + 'static,
    Resp: Wire + Send + 'static,
    F: FnOnce(&Hub, Option<crate::storage::DeviceRecord>, Req) -> Result<Resp> + Send + 'static,
{
    let token = bearer(&headers);
    let work = tokio::task::spawn_blocking(move || -> Result<Resp> {
        // Authenticate before spending any work on the body.
        let dev = if open {
            None
        } else {
            Some(hub.authenticate(token.as_deref())?)
        };
        let req: Req = codec::decode(&body).map_err(HubError::Sync)?;
        f(&hub, dev, req)
    });
    match work.await {
        Ok(Ok(resp)) => frame_response(&resp),
        Ok(Err(e)) => error_response(&e),
        Err(_) => error_response(&HubError::Sync(SyncError::Hub {
            status: 500,
            message: "服务器内部错误，请稍后重试".into(),
        })),
    }
}

fn router(hub: Arc<Hub>, max_body: usize) -> Router {
    fn need(d: Option<crate::storage::DeviceRecord>) -> Result<crate::storage::DeviceRecord> {
        d.ok_or_else(|| HubError::Unauthorized("请求没有带设备凭证".into()))
    }
    Router::new()
        .route(
            path::ENROLL,
            post(|State(h): State<Arc<Hub>>, hd: HeaderMap, b: Bytes| {
                handle(h, hd, b, true, |hub, _, r| hub.enroll(&r))
            }),
        )
        .route(
            path::VECTOR,
            post(|State(h): State<Arc<Hub>>, hd: HeaderMap, b: Bytes| {
                handle(h, hd, b, false, |hub, d, r| hub.vector(&need(d)?, &r))
            }),
        )
        .route(
            path::PUSH,
            post(|State(h): State<Arc<Hub>>, hd: HeaderMap, b: Bytes| {
                handle(h, hd, b, false, |hub, d, r| hub.push(&need(d)?, &r))
            }),
        )
        .route(
            path::PULL,
            post(|State(h): State<Arc<Hub>>, hd: HeaderMap, b: Bytes| {
                handle(h, hd, b, false, |hub, d, r| hub.pull(&need(d)?, &r))
            }),
        )
        .route(
            path::SNAPSHOT,
            post(|State(h): State<Arc<Hub>>, hd: HeaderMap, b: Bytes| {
                handle(h, hd, b, false, |hub, d, r| hub.snapshot(&need(d)?, &r))
            }),
        )
        .route(
            path::MOVE_DEVICE,
            post(|State(h): State<Arc<Hub>>, hd: HeaderMap, b: Bytes| {
                handle(h, hd, b, false, |hub, d, r| hub.move_device(&need(d)?, &r))
            }),
        )
        .route(
            path::HEALTH,
            get(|State(h): State<Arc<Hub>>| async move {
                axum::Json(serde_json::json!({ "hub_id": h.hub_id(), "hub_time_ms": h.now_ms() }))
            }),
        )
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(hub)
}

/// A hub bound to its address, ready to run.
pub struct Bound {
    /// The address actually bound (port 0 becomes a real port).
    pub addr: SocketAddr,
    /// The hub.
    pub hub: Arc<Hub>,
    listener: tokio::net::TcpListener,
    max_body: usize,
    checkpointer: Checkpointer,
}

/// Open the data directory and bind `listen` (e.g. `0.0.0.0:7700`, or
/// `127.0.0.1:0` in tests).
pub async fn bind(data_dir: &Path, listen: &str, clock: Arc<dyn Clock>) -> Result<Bound> {
    let hub = Arc::new(Hub::open(data_dir, clock)?);
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        HubError::BadRequest(format!(
            "无法监听地址 {listen}（{e}）。请换一个端口，或检查是否已有服务器在运行"
        ))
    })?;
    let addr = listener.local_addr()?;
    let checkpointer = Checkpointer::start(&data_dir.join(crate::sqlite::DB_FILE))?;
    Ok(Bound {
        addr,
        hub,
        listener,
        max_body: MAX_BODY,
        checkpointer,
    })
}

impl Bound {
    /// Serve until `shutdown` completes; in-flight requests finish first.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<()> {
        axum::serve(self.listener, router(self.hub, self.max_body))
            .with_graceful_shutdown(shutdown)
            .await?;
        // Stopped before the hub closes (its last connection folds the rest).
        drop(self.checkpointer);
        Ok(())
    }
}

/// Install the Ctrl-C and SIGTERM handlers now (so a signal that arrives
/// right after start-up is not missed) and return a future that resolves
/// on either. Call inside the runtime.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
    }
}

/// `cunwu hub serve`: run the hub in `data_dir` on `listen` until Ctrl-C or
/// SIGTERM. `on_ready` receives the bound address (printed by the CLI).
pub fn serve(data_dir: &Path, listen: &str, on_ready: impl FnOnce(SocketAddr, &Hub)) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let bound = bind(data_dir, listen, Arc::new(SystemClock)).await?;
        let shutdown = shutdown_signal();
        on_ready(bound.addr, &bound.hub);
        let clock_hub = bound.hub.clone();
        bound.run(shutdown).await?;
        log_line(
            clock_hub.now_ms(),
            "收到停止信号，已处理完进行中的请求，服务器已安全停止",
        );
        Ok(())
    })
}

/// A hub serving on a background thread (tests, benchmarks).
pub struct Running {
    /// Bound address.
    pub addr: SocketAddr,
    /// The hub (for admin calls such as creating codes).
    pub hub: Arc<Hub>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Graceful stop; waits for in-flight requests.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Start a hub on `listen` in a background thread with its own runtime.
pub fn spawn(data_dir: &Path, listen: &str, clock: Arc<dyn Clock>) -> Result<Running> {
    spawn_with_limit(data_dir, listen, clock, MAX_BODY)
}

/// [`spawn`] with another request body limit (tests of the limit).
pub fn spawn_with_limit(
    data_dir: &Path,
    listen: &str,
    clock: Arc<dyn Clock>,
    max_body: usize,
) -> Result<Running> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let mut bound = rt.block_on(bind(data_dir, listen, clock))?;
    bound.max_body = max_body;
    let (addr, hub) = (bound.addr, bound.hub.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let _ = rt.block_on(bound.run(async {
            let _ = rx.await;
        }));
    });
    Ok(Running {
        addr,
        hub,
        stop: Some(tx),
        thread: Some(thread),
    })
}
