# A typical training image, ~30 lines: the pre-commit benchmark input.
ARG CUDA_VERSION=12.1.1
ARG PYTHON_VERSION=3.10
FROM nvidia/cuda:${CUDA_VERSION}-cudnn8-devel-ubuntu22.04 AS build
ENV DEBIAN_FRONTEND=noninteractive \
    PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      python3 python3-pip python3-dev git build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt /app/
RUN pip install --upgrade pip \
 && pip install torch==2.1.2 torchvision==0.16.2 torchaudio==2.1.2 \
      --index-url https://download.pytorch.org/whl/cu121 \
 && pip install -r requirements.txt
RUN pip install "xformers==0.0.23.post1" 'flash-attn==2.5.6' --no-build-isolation

FROM nvidia/cuda:${CUDA_VERSION}-cudnn8-runtime-ubuntu22.04
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
RUN apt-get update && apt-get install -y --no-install-recommends python3 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/lib/python3.10/dist-packages /usr/local/lib/python3.10/dist-packages
COPY . /app
WORKDIR /app
RUN useradd -m runner
USER runner
EXPOSE 8000
HEALTHCHECK CMD python3 -c "import torch; print(torch.cuda.is_available())"
CMD ["python3", "serve.py"]
